"""Worker tasks of activity records: reminders and the summary (Celery beat), the import job.

Reminders are idempotent: each sent reminder leaves a ReminderLog row with a unique key
("period-closing:<period>:<organisation>" once per period, "review:<date>:<user>" once a day),
created before the email in the same transaction, so a second run sends nothing. The
period-closing reminder is a notice to the referents (services.period_closing_notify).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.roles import GROUP_ADMIN, GROUP_STAFF
from citta_del_noi.jobs.services import JobContext, JobError, job_start, register_handler

from . import imports, services, summary
from .models import ActivityImport, ActivityRecord, ActivityStatus, ImportStatus, ReportingPeriod
from .selectors import activities_visible_to
from .services import _log_once


def send_period_closing_reminders(*, today: date | None = None) -> int:
    """Tell the referents (in-portal notice and email) of organisations with something still to
    do for a period closing within PERIOD_CLOSING_REMINDER_DAYS days; once per period and
    organisation (services.period_closing_notify). Returns how many organisations were told."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PERIOD_CLOSING_REMINDER_DAYS)
    periods = ReportingPeriod.objects.filter(
        locked_at__isnull=True, closes_on__gte=today, closes_on__lte=horizon
    ).order_by("closes_on", "pk")
    return sum(services.period_closing_notify(period=period) for period in periods)


def send_review_reminders(*, now: Any = None) -> int:
    """Email each staff member who can see records waiting for review for more than
    REVIEW_REMINDER_DAYS days; once a day at most."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REVIEW_REMINDER_DAYS)
    waiting = ActivityRecord.objects.filter(
        status=ActivityStatus.SUBMITTED, submitted_at__lt=cutoff
    )
    if not waiting.exists():
        return 0
    staff = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=[GROUP_STAFF, GROUP_ADMIN]), is_active=True
    ).distinct()
    base = settings.PORTAL_BASE_URL.rstrip("/")
    day = timezone.localdate(now).isoformat()
    sent = 0
    for user in staff:
        count = (
            activities_visible_to(user)
            .filter(status=ActivityStatus.SUBMITTED, submitted_at__lt=cutoff)
            .aggregate(n=Count("pk"))["n"]
        )
        if not count:
            continue
        with transaction.atomic():
            if not _log_once("review", f"{day}:{user.pk}", 1):
                continue
            send_mail(
                _("%(n)s attività attendono la revisione") % {"n": count},
                _(
                    "Ci sono %(n)s attività inviate da più di %(days)s giorni che attendono la "
                    "revisione:\n%(url)s\n\nBrescia Città del Noi"
                )
                % {
                    "n": count,
                    "days": settings.REVIEW_REMINDER_DAYS,
                    "url": base + reverse("cantieri:review_queue"),
                },
                None,
                [user.email],
            )
        sent += 1
    return sent


@shared_task(name="cantieri.period_closing_reminders")
def period_closing_reminders() -> int:
    return send_period_closing_reminders()


@shared_task(name="cantieri.review_reminders")
def review_reminders() -> int:
    return send_review_reminders()


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
    total = max(upload.row_count, 1)
    if ctx.params.get("phase") == "preview":
        ctx.progress(5, _("Lettura del file"))
        imports.import_preview(
            upload=upload,
            progress=lambda done, _t: ctx.progress(
                5 + 90 * done / total, _("Controllo delle righe")
            ),
        )
        ctx.result = {"rows": len(upload.preview)}
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
    ctx.save_file("esito-importazione.csv", imports.report_csv(report))
    ctx.result = {k: report[k] for k in ("created", "updated", "rejected")}
    ctx.notify = True


@shared_task(name="cantieri.refresh_summary")
def refresh_summary() -> int:
    """Beat task: refresh the summary tables if activity records changed."""
    return summary.ensure_fresh(force=True)
