"""The one Celery task that runs every job, and the sweeper that re-sends stuck ones."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import services


@shared_task(
    name="jobs.run_job", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def run_job(self: Any, job_id: int) -> str:
    delivery_info = getattr(self.request, "delivery_info", None) or {}
    redelivered = bool(delivery_info.get("redelivered"))
    return services.job_run(job_id=job_id, redelivered=redelivered)


@shared_task(name="jobs.requeue_stale", ignore_result=True)
def requeue_stale() -> int:
    return services.jobs_requeue_stale()


@shared_task(name="jobs.purge_old", ignore_result=True)
def purge_old() -> int:
    return services.jobs_purge_old()
