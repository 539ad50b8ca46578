"""Worker tasks of activity records: reminders and the summary (Celery beat), the import job.

A task takes ids and calls a service: the reminders' rules live in reminders.py.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.jobs.services import JobContext, JobError, job_start, register_handler

from . import import_bulk, imports, summary
from .evidence_sweep import evidence_orphans_sweep
from .models import ActivityImport, ImportStatus
from .reminders import send_period_closing_reminders, send_review_reminders


@shared_task(name="cantieri.period_closing_reminders")
def period_closing_reminders() -> int:
    return send_period_closing_reminders()


@shared_task(name="cantieri.review_reminders")
def review_reminders() -> int:
    return send_review_reminders()


@shared_task(name="cantieri.sweep_orphan_evidence", ignore_result=True)
def sweep_orphan_evidence() -> int:
    """Beat task: evidence files left by a process killed mid-upload (cantieri/evidence_sweep)."""
    return evidence_orphans_sweep()


# --- Import job ----------------------------------------------------------------------------


def start_import_job(
    *, upload: ActivityImport, by: Any, phase: str, submit_now: bool = False
) -> None:
    job = job_start(
        kind="cantieri.import",
        params={"import_id": upload.pk, "phase": phase, "submit_now": submit_now},
        user=by,
        target=upload,
        dedupe=True,
        time_limit=imports.import_time_limit(upload),
    )
    ActivityImport.objects.filter(pk=upload.pk).update(job_id=job.pk)
    upload.job_id = job.pk
    if phase == "apply":
        ActivityImport.objects.filter(pk=upload.pk).update(status=ImportStatus.RUNNING)
        upload.status = ImportStatus.RUNNING


@register_handler("cantieri.import", label=gettext_lazy("Importazione di attività"))
def run_import(ctx: JobContext) -> None:
    upload = (
        ActivityImport.objects.select_related("organization", "user")
        .filter(pk=ctx.params["import_id"])
        .first()
    )
    if upload is None or not upload.file:
        raise JobError(_("Il file caricato non è più disponibile: caricalo di nuovo."))
    if ctx.params.get("phase") == "preview":
        ctx.progress(5, _("Lettura del file"))
        # The reader gives the sheet's row count when it knows it (XLSX); else an estimate.
        estimate = max(upload.file.size // imports.BYTES_PER_ROW_ESTIMATE, 1)
        imports.import_preview(
            upload=upload,
            progress=lambda done, t: ctx.progress(
                5 + 90 * min(done / (t or max(estimate, done + 1)), 1), _("Controllo delle righe")
            ),
        )
        ctx.result = {"rows": upload.row_count}
        ctx.progress(100, _("Anteprima pronta"))
        return
    ctx.progress(5, _("Lettura del file"))

    ActivityImport.objects.filter(pk=upload.pk).update(status=ImportStatus.PREVIEW)
    upload.status = ImportStatus.PREVIEW
    report = imports.import_apply(
        upload=upload,
        by=upload.user,
        submit_now=bool(ctx.params.get("submit_now")),
        progress=lambda done, t: ctx.progress(10 + 85 * done / max(t, 1), _("Salvataggio")),
    )
    if "error" in report:
        raise JobError(report["error"])
    with ctx.open_file("esito-importazione.csv") as handle:  # streamed from the report file
        imports.write_report_csv(report, handle)
    ctx.result = {k: report[k] for k in ("created", "updated", "rejected")}
    ctx.notify = True


@shared_task(name="cantieri.analyze_activity_tables", ignore_result=True)
def analyze_activity_tables() -> None:
    """Queued after an import of many records: fresh planner statistics (import_bulk)."""
    import_bulk.analyze_activity_tables()


@shared_task(name="cantieri.refresh_summary")
def refresh_summary() -> int:
    """Beat task: refresh the summary tables if activity records changed."""
    return summary.ensure_fresh(force=True)
