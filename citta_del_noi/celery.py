"""Celery application. Broker: Redis when REDIS_URL is set, else kombu's filesystem transport.

All configuration lives in settings (CELERY_* names); see citta_del_noi/settings/base.py.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

from citta_del_noi.core.statement_timeout import use_worker_statement_timeout

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citta_del_noi.settings.dev")

app = Celery("citta_del_noi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _worker_statement_timeout(**kwargs: object) -> None:
    """The worker's database connections use DATABASE_STATEMENT_TIMEOUT_WORKER (longer)."""
    use_worker_statement_timeout()


@app.task(name="core.ping")
def ping(value: int) -> int:
    """A trivial task used by the health check and the worker round-trip test."""
    return value + 1
