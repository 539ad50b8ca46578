"""Reads from a PostgreSQL read replica for dashboards and public pages (issue 14.2).

With DATABASE_REPLICA_URL set, settings add the "replica" database and this router. A read goes
to the replica only when all of these hold, else to the primary ("default"):
- the request is a GET/HEAD of a view named in DATABASE_REPLICA_VIEWS (the dashboards and the
  public pages: pages that show what was written a while ago, to anyone);
- nothing was written in this request so far (after the first write, the rest of the request
  reads its own writes from the primary);
- the browser did not write during the last DATABASE_REPLICA_PIN_SECONDS (a response to a
  POST, or to any request that wrote, sets a short cookie that pins the next requests to the
  primary, so "save, then see the dashboard" never shows the state before the save);
- no transaction is open on the primary.
Workers, commands and tests never set the request flag: they always read from the primary.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "cdn_primario"
SAFE_METHODS = frozenset({"GET", "HEAD"})

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "replica_allowed", default=False
)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_wrote", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _view_reads_from_replica(view_name: str) -> bool:
    names = getattr(settings, "DATABASE_REPLICA_VIEWS", ()) or ()
    return any(
        view_name.startswith(name) if name.endswith(":") else view_name == name for name in names
    )


class PrimaryReplicaRouter:
    """Writes to the primary; reads to the replica only when the request allows it."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if (
            _replica_allowed.get()
            and not _wrote.get()
            and replica_configured()
            and not connections["default"].in_atomic_block
        ):
            logger.debug("read %s from the replica", model._meta.label)
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary's schema by itself


class ReplicaMiddleware:
    """Decides, per request, whether reads may go to the replica; pins after writes.

    First in MIDDLEWARE, so that it also sees the session's save at the end of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed_token = _replica_allowed.set(False)
        wrote_token = _wrote.set(False)
        try:
            response = self.get_response(request)
            if replica_configured() and (request.method not in SAFE_METHODS or _wrote.get()):
                seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 10))
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _replica_allowed.reset(allowed_token)
            _wrote.reset(wrote_token)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (
            replica_configured()
            and request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and not _wrote.get()
            and match is not None
            and _view_reads_from_replica(match.view_name)
        ):
            _replica_allowed.set(True)
