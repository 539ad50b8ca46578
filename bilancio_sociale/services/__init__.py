"""Every write of the Bilancio Sociale: editions, snapshots, texts, publication, contributions."""

from __future__ import annotations

# Re-exported: callers read them as services.collect_sections / services.texts_of.
from ..collect import collect_sections, texts_of
from .contributions import (
    ANSWER_EMAIL_TASK,
    CONTRIBUTOR_DATA_RETENTION_DAYS,
    UNCONFIRMED_RETENTION_DAYS,
    contribution_answer,
    contribution_answer_announce,
    contribution_answer_email_send,
    contribution_confirm,
    contribution_moderate,
    contribution_submit,
    contributions_purge_personal_data,
)
from .editions import (
    EDITION_PERIODS_LOCK,
    MONITORING_MAX_LENGTH,
    edition_create,
    edition_update,
    monitoring_save,
    section_text_save,
    section_texts_save,
)
from .guards import PARTICIPATION_SECTION, RESERVED_SLUGS, log
from .lifecycle import (
    edition_approve,
    edition_open_consultation,
    edition_publish,
    edition_publish_correction,
    edition_reopen_consultation,
    snapshot_refresh,
    snapshot_take,
)
from .pdf_builds import BUILD_KIND, pdf_build_request, pdf_filename, version_build_pdf

# Re-exported: the tests' factories store a PDF the way a build does.
from .pdf_builds import _store_atomically as _store_atomically

__all__ = [
    "ANSWER_EMAIL_TASK",
    "BUILD_KIND",
    "CONTRIBUTOR_DATA_RETENTION_DAYS",
    "EDITION_PERIODS_LOCK",
    "MONITORING_MAX_LENGTH",
    "PARTICIPATION_SECTION",
    "RESERVED_SLUGS",
    "UNCONFIRMED_RETENTION_DAYS",
    "collect_sections",
    "contribution_answer",
    "contribution_answer_announce",
    "contribution_answer_email_send",
    "contribution_confirm",
    "contribution_moderate",
    "contribution_submit",
    "contributions_purge_personal_data",
    "edition_approve",
    "edition_create",
    "edition_open_consultation",
    "edition_publish",
    "edition_publish_correction",
    "edition_reopen_consultation",
    "edition_update",
    "log",
    "monitoring_save",
    "pdf_build_request",
    "pdf_filename",
    "section_text_save",
    "section_texts_save",
    "snapshot_refresh",
    "snapshot_take",
    "texts_of",
    "version_build_pdf",
]
