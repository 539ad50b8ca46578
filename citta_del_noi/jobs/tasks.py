"""The one Celery task that runs every job, and the sweeper that re-sends stuck ones."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import services
from .models import stale_after

# A redelivered message that finds its job still beating waits this many times for the
# heartbeat to go stale (the run that had it may have died a moment ago), then gives up.
BUSY_RETRIES = 1


@shared_task(
    name="jobs.run_job", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def run_job(self: Any, job_id: int) -> str:
    outcome = services.job_run(job_id=job_id)
    delivery_info = getattr(self.request, "delivery_info", None) or {}
    redelivered = bool(delivery_info.get("redelivered")) or bool(self.request.retries)
    if outcome == "busy" and redelivered and self.request.retries < BUSY_RETRIES:
        # The broker gave the message back because the process running it died (a pool child
        # killed: reject_on_worker_lost), but the row's last heartbeat is still fresh. Look
        # again once it can be stale; if the run is alive then, this delivery does nothing.
        raise self.retry(countdown=stale_after().total_seconds() + 2, max_retries=BUSY_RETRIES)
    return outcome


@shared_task(name="jobs.requeue_stale", ignore_result=True)
def requeue_stale() -> int:
    return services.jobs_requeue_stale()


@shared_task(name="jobs.purge_old", ignore_result=True)
def purge_old() -> int:
    return services.jobs_purge_old()
