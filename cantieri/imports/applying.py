"""The import services: upload, preview, apply in one transaction, the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common.spreadsheets import csv_bytes
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.selectors import organizations_recordable_by
from citta_del_noi.uploads import (
    Deadline,
)

from ..import_bulk import activities_bulk_create
from ..models import (
    ActivityImport,
    ImportStatus,
)
from ..services import activity_submit, activity_update
from .parsing import ParsedRow, parse_file
from .reading import FileError

# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, user: AnyUser, organization: Any, upload: Any, fmt: str) -> ActivityImport:
    """Store the uploaded file privately, keyed to the user, ready for the preview job.

    Nothing parses the file here (the web process): the form's UploadValidator checked its size,
    type and archive limits; the worker reads it (tasks.start_import_job)."""

    if not organizations_recordable_by(user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("Il file supera la dimensione massima.")]})
    record = ActivityImport(  # type: ignore[misc]
        user=user, organization=organization, original_name=upload.name[:255], file_format=fmt
    )
    record.file.save(f"{timezone.now():%Y%m%d%H%M%S}.{fmt}", upload, save=False)
    record.save()
    return record


def import_preview(
    *, upload: ActivityImport, progress: Callable[[int, int], None] | None = None
) -> ActivityImport:
    """Parse and validate every row; store the preview (nothing is saved to the records)."""
    with upload.file.open("rb") as fh:
        try:
            rows = parse_file(
                fh, upload.file_format, upload.organization_id, progress, _deadline(upload)
            )
        except FileError as exc:
            upload.status = ImportStatus.FAILED
            upload.report = {"error": str(exc)}
            upload.save(update_fields=["status", "report"])
            return upload
    upload.preview = [r.as_dict() for r in rows]
    upload.row_count = len(rows)
    upload.status = ImportStatus.PREVIEW
    upload.save(update_fields=["preview", "row_count", "status"])
    return upload


def import_apply(
    *,
    upload: ActivityImport,
    by: AnyUser,
    submit_now: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Save every valid row in one transaction; re-read the file (the preview is not trusted).
    Returns the report: created / updated / rejected per row."""

    if upload.user_id != by.pk or not org_rules.can_record_drafts(by, upload.organization):
        raise PermissionDenied
    if submit_now and not org_rules.can_submit(by, upload.organization):
        raise PermissionDenied(_("Solo il referente dell'organizzazione può inviare le attività."))
    with upload.file.open("rb") as fh:
        try:
            rows = parse_file(
                fh, upload.file_format, upload.organization_id, deadline=_deadline(upload)
            )
        except FileError as exc:
            upload.status = ImportStatus.FAILED
            upload.report = {"error": str(exc)}
            upload.save(update_fields=["status", "report"])
            return upload.report
    counts = {"created": 0, "updated": 0, "rejected": 0}
    total = len(rows)
    outcome_of: dict[int, tuple[str, int]] = {}  # row index → (outcome, pk)
    new_rows: list[tuple[int, ParsedRow]] = []
    with transaction.atomic():
        for index, row in enumerate(rows):
            if not row.ok or row.item is None:
                counts["rejected"] += 1
            elif row.existing is not None:
                # An existing draft: through the service, one row at a time (re-imports are few).
                activity_update(activity=row.existing, by=by, item=row.item)
                if submit_now:
                    row.existing.refresh_from_db()
                    activity_submit(activity=row.existing, by=by)
                counts["updated"] += 1
                outcome_of[index] = ("updated", row.existing.pk)
                if progress and counts["updated"] % 50 == 0:
                    progress(counts["updated"], total)
            else:
                new_rows.append((index, row))
        # New records: set-based, in chunks (import_bulk).
        done_before = counts["updated"]
        created = activities_bulk_create(
            organization=upload.organization,
            by=by,
            rows=[row for _i, row in new_rows],
            submit_now=submit_now,
            progress=(lambda n: progress(done_before + n, total)) if progress else None,
        )
        for (index, _row), activity in zip(new_rows, created, strict=True):
            outcome_of[index] = ("created", activity.pk)
        counts["created"] = len(created)
        report_rows: list[dict[str, Any]] = []
        for index, row in enumerate(rows):
            if index in outcome_of:
                outcome, pk = outcome_of[index]
                report_rows.append({**row.as_dict(), "outcome": outcome, "pk": pk})
            else:
                report_rows.append({**row.as_dict(), "outcome": "rejected"})
        upload.status = ImportStatus.DONE
        upload.finished_at = timezone.now()
        upload.report = {**counts, "rows": report_rows}
        upload.save(update_fields=["status", "finished_at", "report"])
    upload.file.delete(save=True)
    return upload.report


def _deadline(upload: ActivityImport) -> Deadline:
    """Reading stops with a message before the job's own (scaled) limit kills it, and never
    earlier than UPLOAD_PARSE_TIME_LIMIT."""
    seconds = max(settings.UPLOAD_PARSE_TIME_LIMIT, import_time_limit(upload) * 0.8)
    return Deadline(seconds)


def import_time_limit(upload: ActivityImport) -> int:
    """The import job's hard time limit (seconds): it scales with the rows, so a big file is
    never cut at a fixed limit. After the preview the rows are counted; before it, they are
    over-estimated from the file's size (a row takes at least 50 bytes, even compressed)."""
    rows = upload.row_count
    if not rows and upload.file:
        rows = upload.file.size // 50
    return settings.IMPORT_TIME_LIMIT_BASE + settings.IMPORT_SECONDS_PER_1000_ROWS * (
        rows // 1000 + 1
    )


def report_csv(report: dict[str, Any]) -> bytes:
    labels = {"created": _("creata"), "updated": _("aggiornata"), "rejected": _("scartata")}
    rows: list[list[Any]] = [[_("Riga"), _("Codice riga"), _("Titolo"), _("Esito"), _("Errori")]]
    for row in report.get("rows", []):
        rows.append(
            [
                row["line"],
                row["key"],
                row["title"],
                labels.get(row["outcome"], row["outcome"]),
                "; ".join(f"{e['column']}: {e['message']}" for e in row["errors"]),
            ]
        )
    return csv_bytes(rows)
