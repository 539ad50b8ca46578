"""The welfare-map import runs in the worker (issue 12, point 3): the web process stores the
checked upload privately and starts the job "agencies.welfare_import"; the worker parses and
saves it (agencies.imports.import_service_units, all or nothing) and keeps the report (counts and
each row's errors) as the job's result, which the import page shows when the job is done."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cantieri.models import private_storage
from citta_del_noi.jobs.models import Job
from citta_del_noi.jobs.services import JobContext, JobError, job_start, register_handler

from .imports import import_service_units
from .rules import can_manage

KIND = "agencies.welfare_import"
FOLDER = "welfare-imports"


def welfare_import_start(*, upload: Any, by: Any) -> Job:
    """Store the upload (already checked by the form's UploadValidator) and start the job."""
    if not can_manage(by, "conoscenza"):
        raise PermissionDenied
    kind = upload.detected_kind
    name = private_storage().save(f"{FOLDER}/{uuid.uuid4().hex}.{kind}", upload)
    return job_start(
        kind=KIND,
        params={"path": name, "kind": kind, "size": upload.size},
        user=by,
    )


def welfare_import_result(job: Job) -> dict[str, Any] | None:
    return job.result if job.kind == KIND and isinstance(job.result, dict) else None


@register_handler(KIND, label=gettext_lazy("Importazione della mappa del welfare"))
def run_welfare_import(ctx: JobContext) -> None:
    storage = private_storage()
    path = ctx.params.get("path", "")
    if not path or not storage.exists(path):
        raise JobError(_("Il file caricato non è più disponibile: caricalo di nuovo."))
    if ctx.user is None:
        raise JobError(_("L'utente che ha avviato l'importazione non esiste più."))
    ctx.progress(5, _("Lettura del file"))
    try:
        with storage.open(path, "rb") as fh:
            upload = File(fh, name=path)
            upload.detected_kind = ctx.params.get("kind")  # type: ignore[attr-defined]
            report = import_service_units(upload=upload, by=ctx.user)
    finally:
        storage.delete(path)
    ctx.result = {
        "ok": report.ok,
        "file_error": report.file_error,
        "created": report.created,
        "updated": report.updated,
        "years_added": report.years_added,
        "years_updated": report.years_updated,
        "error_rows": [
            {
                "line": r.line,
                "code": r.values.get("code", ""),
                "year": r.values.get("year"),
                "errors": r.errors,
            }
            for r in report.error_rows
        ],
    }
    ctx.progress(100, _("Importazione terminata"))
