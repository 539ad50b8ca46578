"""The email of notices (sent after the transaction that created them commits)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(
    name="notifications.send_notice_emails",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def send_notice_emails(notice_ids: list[int]) -> int:
    return services.notice_emails_send(notice_ids=notice_ids)


@shared_task(name="notifications.send_pending_emails", ignore_result=True)
def send_pending_emails() -> int:
    return services.notice_emails_send_pending()
