"""Celery tasks: each takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task

from .services import interest_forward, interests_purge_expired, newsletter_deliver


@shared_task(name="agencies.tasks.purge_expired_volunteer_interests")
def purge_expired_volunteer_interests() -> int:

    return interests_purge_expired()


@shared_task(name="agencies.tasks.forward_volunteer_interest", acks_late=True)
def forward_volunteer_interest(interest_id: int) -> bool:

    return interest_forward(interest_id=interest_id)


@shared_task(name="agencies.tasks.send_newsletter", acks_late=True)
def send_newsletter(newsletter_id: int) -> int:

    return newsletter_deliver(newsletter_id=newsletter_id)
