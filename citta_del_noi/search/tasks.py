from __future__ import annotations

from celery import shared_task

from .services import refresh_vocabulary


@shared_task(name="search.refresh_vocabulary")
def refresh_vocabulary_task() -> int:
    return refresh_vocabulary()
