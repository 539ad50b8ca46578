"""Periodic work of the Bilancio Sociale (the PDF build runs through citta_del_noi.jobs)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="bilancio_sociale.purge_contributors", ignore_result=True)
def purge_contributors() -> dict[str, int]:
    return services.contributions_purge_personal_data()


@shared_task(
    name="bilancio_sociale.contribution_answer_email",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def contribution_answer_email(contribution_id: int) -> bool:
    return services.contribution_answer_email_send(contribution_id=contribution_id)
