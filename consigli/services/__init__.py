"""Writes on councils: meetings, agenda, attendance, minutes, decisions. Keyword-only."""

from __future__ import annotations

from .agenda import (
    AgendaFields,
    agenda_build_draft,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_set_confidential,
    agenda_item_update,
    flag_to_agenda,
)
from .attendance import AttendanceEntry, attendance_open_check, attendance_record
from .decisions import DecisionInput, decision_record, decision_update_status, vote_totals_check
from .meetings import (
    document_add,
    meeting_cancel,
    meeting_convene,
    meeting_ics,
    meeting_schedule,
    meeting_update,
)
from .minutes import (
    meeting_held_check,
    minutes_approval_check,
    minutes_approve,
    minutes_comment,
    minutes_erratum,
    minutes_pdf_start,
    minutes_save,
)
from .seats import seat_overlap_check, seat_save

__all__ = [
    "AgendaFields",
    "AttendanceEntry",
    "DecisionInput",
    "agenda_build_draft",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_set_confidential",
    "agenda_item_update",
    "attendance_open_check",
    "attendance_record",
    "decision_record",
    "decision_update_status",
    "document_add",
    "flag_to_agenda",
    "meeting_cancel",
    "meeting_convene",
    "meeting_held_check",
    "meeting_ics",
    "meeting_schedule",
    "meeting_update",
    "minutes_approval_check",
    "minutes_approve",
    "minutes_comment",
    "minutes_erratum",
    "minutes_pdf_start",
    "minutes_save",
    "seat_overlap_check",
    "seat_save",
    "vote_totals_check",
]
