"""Restarting a stuck job by hand: staff with the jobs.restart_job permission.

The sweep (services.jobs_requeue_stale) recovers a job whose worker died by itself within a
minute; when no worker is alive at all, or the sweep is not running, the job page and the
pages that start jobs (e.g. "Genera PDF") say the job is stuck and offer this restart.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _g

from .models import QUEUED_STUCK_AFTER, Job, JobStatus, stale_after
from .services import job_start

logger = logging.getLogger(__name__)

RESTART_PERMISSION = "jobs.restart_job"


def can_restart(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(RESTART_PERMISSION))


def _stuck(now: Any) -> Q:
    return (
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after())
        | Q(status=JobStatus.RUNNING, heartbeat_at__isnull=True)
        | Q(status=JobStatus.QUEUED, created_at__lt=now - QUEUED_STUCK_AFTER)
    )


def job_restart(*, job: Job, by: Any) -> Job:
    """Give up a stuck job and start the same work again as a new job (fresh attempts).

    The old row becomes "failed" with a note of who restarted it, by a conditional update: if
    its run came back to life meanwhile (a fresh heartbeat), nothing changes. A late run of the
    old row can never publish: its progress and its final write check the row (attempt, status).
    """
    if not can_restart(by):
        raise PermissionDenied
    now = timezone.now()
    name = by.get_full_name() or by.email
    with transaction.atomic():
        stopped = Job.objects.filter(_stuck(now), pk=job.pk).update(
            status=JobStatus.FAILED,
            error=_g("Lavoro bloccato: riavviato da %(name)s.") % {"name": name},
            finished_at=now,
        )
        if not stopped:
            raise ValidationError(
                _g("Il lavoro non è bloccato (è ripartito o è terminato): aggiorna la pagina.")
            )
        restarted = job_start(
            kind=job.kind,
            params=job.params,
            user=job.created_by or by,
            target=job.target,
            dedupe=job.dedupe_key is not None,
        )
    logger.warning("Job %s restarted by user %s as job %s", job.pk, by.pk, restarted.pk)
    return restarted


def stuck_job_message(user: Any) -> str:
    """What a page says when asked to start work that is already stuck (e.g. "Genera PDF")."""
    if can_restart(user):
        return _g(
            "La generazione è bloccata: il server che la eseguiva non dà più segnali. "
            "Usa «Riavvia il lavoro bloccato» per ripartire da capo."
        )
    return _g(
        "La generazione è bloccata: il server che la eseguiva non dà più segnali. "
        "Chiedi al personale del Comune di riavviarla."
    )
