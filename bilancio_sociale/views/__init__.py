"""Views of the Bilancio Sociale: thin (parse, check, call a service or selector, render)."""

from __future__ import annotations

from ._common import staff_only
from .consultation import consultation, contribute, contribution_confirm, contribution_public
from .datasets import block_csv, block_json, block_schema, dcat, open_data
from .editing import preview, section_edit, section_preview
from .moderation import contribution_review, moderation
from .public import compare, edition_detail, edition_list, in_breve, version_pdf
from .staff import (
    approve,
    build_pdf,
    correction,
    open_consultation,
    publish,
    reopen_consultation,
    snapshot_refresh,
    staff_detail,
    staff_list,
    staff_update,
)

__all__ = [
    "approve",
    "block_csv",
    "block_json",
    "block_schema",
    "build_pdf",
    "compare",
    "consultation",
    "contribute",
    "contribution_confirm",
    "contribution_public",
    "contribution_review",
    "correction",
    "dcat",
    "edition_detail",
    "edition_list",
    "in_breve",
    "moderation",
    "open_consultation",
    "open_data",
    "preview",
    "publish",
    "reopen_consultation",
    "section_edit",
    "section_preview",
    "snapshot_refresh",
    "staff_detail",
    "staff_list",
    "staff_only",
    "staff_update",
    "version_pdf",
]
