"""Health of the database, the broker and the workers, for /healthz."""

from __future__ import annotations

from typing import Any

from django.db import connection

from citta_del_noi.celery import app as celery_app


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": exc.__class__.__name__}


def _broker() -> dict[str, Any]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return {"ok": True, "transport": str(transport)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}


def _workers(timeout: float = 2.0) -> dict[str, Any]:
    try:
        replies = celery_app.control.inspect(timeout=timeout).ping() or {}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "count": 0, "error": exc.__class__.__name__}
    return {"ok": bool(replies), "count": len(replies)}


def check_all() -> dict[str, Any]:
    db = _database()
    broker = _broker()
    workers = _workers() if broker["ok"] else {"ok": False, "count": 0}
    ok = db["ok"] and broker["ok"] and workers["ok"]
    return {
        "status": "ok" if ok else "error",
        "database": db,
        "broker": broker,
        "workers": workers,
    }
