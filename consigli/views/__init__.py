"""Council pages: thin views (parse, check permission, call a service or selector, render)."""

from __future__ import annotations

from ._common import council_required
from .agenda import (
    agenda_item_add,
    agenda_item_confidential,
    agenda_item_delete,
    agenda_item_edit,
    agenda_item_move,
)
from .attendance import attendance
from .decisions import decision_create, decision_detail, decision_list, decision_update
from .meetings import (
    council_home,
    document_add,
    document_download,
    meeting_cancel,
    meeting_convene,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_ics,
)
from .minutes import (
    minutes_approve,
    minutes_comment,
    minutes_detail,
    minutes_edit,
    minutes_erratum,
    minutes_pdf,
)
from .public import public_detail, public_list, public_minutes

__all__ = [
    "agenda_item_add",
    "agenda_item_confidential",
    "agenda_item_delete",
    "agenda_item_edit",
    "agenda_item_move",
    "attendance",
    "council_home",
    "council_required",
    "decision_create",
    "decision_detail",
    "decision_list",
    "decision_update",
    "document_add",
    "document_download",
    "meeting_cancel",
    "meeting_convene",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "minutes_approve",
    "minutes_comment",
    "minutes_detail",
    "minutes_edit",
    "minutes_erratum",
    "minutes_pdf",
    "public_detail",
    "public_list",
    "public_minutes",
]
