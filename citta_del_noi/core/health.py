"""Health of the database, the broker and the workers, for /healthz.

Every probe is bounded: the whole check answers in about WORKER_PING_TIMEOUT seconds even when
no worker replies, so a load balancer's probe never piles up.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from django.db import connection

from citta_del_noi.celery import app as celery_app

WORKER_PING_TIMEOUT = 1.0
BROKER_TIMEOUT = 2.0


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": exc.__class__.__name__}


def _broker(app: Celery) -> dict[str, Any]:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, timeout=BROKER_TIMEOUT
            )
            transport = conn.transport.driver_type
        return {"ok": True, "transport": str(transport)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}


def _workers(app: Celery, timeout: float = WORKER_PING_TIMEOUT) -> dict[str, Any]:
    try:
        replies = app.control.inspect(timeout=timeout).ping() or {}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "count": 0, "error": exc.__class__.__name__}
    return {"ok": bool(replies), "count": len(replies)}


def check_all(app: Celery | None = None) -> dict[str, Any]:
    app = app or celery_app
    db = _database()
    broker = _broker(app)
    workers = _workers(app) if broker["ok"] else {"ok": False, "count": 0}
    ok = db["ok"] and broker["ok"] and workers["ok"]
    return {
        "status": "ok" if ok else "error",
        "database": db,
        "broker": broker,
        "workers": workers,
    }
