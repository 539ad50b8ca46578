"""The import services: upload, preview, apply in one transaction, the report."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common.spreadsheets import SafeCsvWriter, csv_bytes
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.selectors import organizations_recordable_by
from citta_del_noi.uploads import (
    Deadline,
)

from ..activity_rules import a_locked_period_takes_no_direct_change
from ..import_bulk import EncodedRow, activities_bulk_create, analyze_after_bulk
from ..import_bulk import copies as bulk_copies
from ..models import (
    ActivityImport,
    ImportStatus,
)
from ..services import activity_submit, activity_update
from .columns import all_headers
from .parsing import (
    CHUNK,
    ParsedRow,
    existing_records,
    iter_parsed,
    not_updatable_error,
    updatable,
)
from .reading import FileError
from .staging import (
    References,
    ReportWriter,
    StagingWriter,
    delete_staging,
    iter_report,
    iter_staged,
    report_exists,
    staging_exists,
)

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


PREVIEW_ROWS = 1000  # rows kept for the preview page: the rows with errors first


def import_preview(
    *, upload: ActivityImport, progress: Callable[[int, int], None] | None = None
) -> ActivityImport:
    """Read the file ONCE: validate every row and write it, normalised, to the staging file
    (staging.py) that the apply job saves from; nothing is saved to the records. The preview
    kept on the import is bounded: the counts and the first PREVIEW_ROWS rows (errors first)."""
    valid = invalid = 0
    with_errors: list[dict[str, Any]] = []
    without: list[dict[str, Any]] = []
    with upload.file.open("rb") as fh:
        try:
            with StagingWriter(upload.pk) as staging:
                for row in iter_parsed(
                    fh, upload.file_format, upload.organization_id, progress, _deadline(upload)
                ):
                    staging.write(row)
                    if row.ok:
                        valid += 1
                        if len(without) < PREVIEW_ROWS:
                            without.append(row.as_dict())
                    else:
                        invalid += 1
                        if len(with_errors) < PREVIEW_ROWS:
                            with_errors.append(row.as_dict())
        except FileError as exc:
            upload.status = ImportStatus.FAILED
            upload.report = {"error": str(exc)}
            upload.save(update_fields=["status", "report"])
            return upload
    shown = with_errors + without[: max(0, PREVIEW_ROWS - len(with_errors))]
    upload.preview = sorted(shown, key=lambda r: r["line"])
    upload.row_count = valid + invalid
    upload.report = {"valid": valid, "invalid": invalid}
    upload.status = ImportStatus.PREVIEW
    upload.save(update_fields=["preview", "row_count", "report", "status"])
    return upload


def import_apply(
    *,
    upload: ActivityImport,
    by: AnyUser,
    submit_now: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Save every valid row in one transaction, from the preview's staging file (the upload is
    not read again), re-checking what may have changed since the preview: a period closed, a
    code now taken by a record that cannot be updated. Returns the report: created / updated /
    rejected per row."""

    if upload.user_id != by.pk or not org_rules.can_record_drafts(by, upload.organization):
        raise PermissionDenied
    if submit_now and not org_rules.can_submit(by, upload.organization):
        raise PermissionDenied(_("Solo il referente dell'organizzazione può inviare le attività."))
    if not staging_exists(upload.pk):
        # Prepared before the staging file existed: the preview is built again from the file.
        import_preview(upload=upload)
        if upload.status == ImportStatus.FAILED:
            return upload.report
    refs = References()
    label_of = {key: h for key, h, _kind, _doc in all_headers()}
    counts = {"created": 0, "updated": 0, "rejected": 0}
    total = max(upload.row_count, 1)
    shown = _Shown()
    done = 0
    with transaction.atomic(), ReportWriter(upload.pk) as report_file:
        chunk: list[dict[str, Any]] = []
        for staged in iter_staged(upload.pk):
            chunk.append(staged)
            if len(chunk) >= CHUNK:
                rows = _apply_chunk(chunk, upload, by, submit_now, refs, label_of, counts)
                report_file.write_all(rows)
                shown.add(rows)
                done += len(chunk)
                chunk = []
                if progress:
                    progress(done, total)
        rows = _apply_chunk(chunk, upload, by, submit_now, refs, label_of, counts)
        report_file.write_all(rows)
        shown.add(rows)
        upload.status = ImportStatus.DONE
        upload.finished_at = timezone.now()
        # The whole per-row report is the file (streamed); the record keeps the counts and
        # the first REPORT_ROWS rows, those with errors first, for the page.
        upload.report = {**counts, "rows": shown.rows(), "rows_file": report_file.name}
        upload.save(update_fields=["status", "finished_at", "report"])
    upload.file.delete(save=True)
    delete_staging(upload.pk)
    analyze_after_bulk(counts["created"])
    return upload.report


def _apply_chunk(
    chunk: list[dict[str, Any]],
    upload: ActivityImport,
    by: AnyUser,
    submit_now: bool,
    refs: References,
    label_of: dict[str, str],
    counts: dict[str, int],
) -> list[dict[str, Any]]:
    """One chunk of staged rows: one query for the records their codes name now, the rules
    that may have changed re-checked in Python, the new records saved set-based."""
    existing = existing_records(
        upload.organization_id, [s["key"] for s in chunk if s["item"] is not None]
    )
    out: list[dict[str, Any]] = []
    new_rows: list[tuple[dict[str, Any], ParsedRow | EncodedRow]] = []
    copies = bulk_copies()
    for staged in chunk:
        encoded = staged.pop("item")
        staged.pop("existing")
        row = {**staged}
        if encoded is None:
            counts["rejected"] += 1
            out.append({**row, "outcome": "rejected"})
            continue
        record = existing.get(row["key"])
        row["action"] = "update" if record is not None else "create"
        # The rule reads the period only: no ActivityInput for the rows that are created.
        period = refs.period(encoded)
        errors = [
            {"column": label_of.get(name, name), "message": message}
            for name, message in a_locked_period_takes_no_direct_change(
                {"reporting_period": period}, allow_locked=False
            )
        ]
        if record is not None and not errors and not updatable(record):
            errors.append(not_updatable_error(row["key"], label_of))
        if errors:
            row["errors"] = errors
            counts["rejected"] += 1
            out.append({**row, "outcome": "rejected"})
        elif record is not None:
            # An existing draft: through the service, one row at a time (re-imports are few).
            activity_update(activity=record, by=by, item=refs.item(encoded))
            if submit_now:
                record.refresh_from_db()
                activity_submit(activity=record, by=by)
            counts["updated"] += 1
            out.append({**row, "outcome": "updated", "pk": record.pk})
        elif copies:
            new_rows.append((row, EncodedRow(key=row["key"], encoded=encoded)))
            out.append(row)
        else:
            parsed = ParsedRow(
                line=row["line"],
                key=row["key"],
                title=row["title"],
                item=refs.item(encoded),
                errors=[],
            )
            new_rows.append((row, parsed))
            out.append(row)
    # New records: set-based (import_bulk).
    created = activities_bulk_create(
        organization=upload.organization,
        by=by,
        rows=[parsed for _row, parsed in new_rows],
        submit_now=submit_now,
    )
    for (row, _parsed), pk in zip(new_rows, created, strict=True):
        row["outcome"] = "created"
        row["pk"] = pk
    counts["created"] += len(created)
    return out


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


REPORT_ROWS = 1000  # rows kept on the import for the page: the rows with errors first


class _Shown:
    """The report's rows kept on the record: bounded, the rows with errors first."""

    def __init__(self) -> None:
        self.with_errors: list[dict[str, Any]] = []
        self.without: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            kept = self.with_errors if row["errors"] else self.without
            if len(kept) < REPORT_ROWS:
                kept.append(row)

    def rows(self) -> list[dict[str, Any]]:
        shown = self.with_errors + self.without[: max(0, REPORT_ROWS - len(self.with_errors))]
        return sorted(shown, key=lambda r: r["line"])


def report_rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every row of an apply's report, streamed from its file (older imports: the record)."""
    name = report.get("rows_file")
    if name and report_exists(name):
        yield from iter_report(name)
    else:
        yield from report.get("rows", [])


def _report_lines(report: dict[str, Any]) -> Iterator[list[Any]]:
    labels = {"created": _("creata"), "updated": _("aggiornata"), "rejected": _("scartata")}
    yield [_("Riga"), _("Codice riga"), _("Titolo"), _("Esito"), _("Errori")]
    for row in report_rows(report):
        yield [
            row["line"],
            row["key"],
            row["title"],
            labels.get(row["outcome"], row["outcome"]),
            "; ".join(f"{e['column']}: {e['message']}" for e in row["errors"]),
        ]


def report_csv(report: dict[str, Any]) -> bytes:
    return csv_bytes(_report_lines(report))


def write_report_csv(report: dict[str, Any], handle: IO[bytes]) -> None:
    """The same CSV as report_csv, written to `handle` a row at a time (memory flat)."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    SafeCsvWriter(text).writerows(_report_lines(report))
    text.flush()
    text.detach()
