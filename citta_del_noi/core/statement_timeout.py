"""A per-connection statement timeout on PostgreSQL, shorter for web requests than for the worker.

`DATABASE_STATEMENT_TIMEOUT_WEB` (production default 30s) is passed to every web connection as
libpq `options=-c statement_timeout=…`; the Celery worker replaces it with
`DATABASE_STATEMENT_TIMEOUT_WORKER` (production default 10min) before its processes open a
connection (worker_init / worker_process_init, see citta_del_noi/celery.py). So a request the
client abandoned cannot keep a backend busy for minutes: PostgreSQL cancels the statement, and
`StatementTimeoutMiddleware` answers the user with a friendly page (503) instead of a 500.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_VALUE = re.compile(r"\d+(ms|s|min|h)?")
_OPTION = re.compile(r"\s*-c\s*statement_timeout=\S+")


def statement_timeout_options(options: str, value: str) -> str:
    """libpq `options` with statement_timeout set to `value` ("" or "0": no timeout)."""
    value = (value or "").strip()
    if value and not _VALUE.fullmatch(value):
        raise ImproperlyConfigured(
            f"Statement timeout {value!r}: use a number with ms, s, min or h (e.g. 30s)."
        )
    rest = _OPTION.sub("", options or "").strip()
    if not value or value == "0":
        return rest
    return f"{rest} -c statement_timeout={value}".strip()


def apply_statement_timeout(database: dict[str, Any], value: str) -> None:
    """Set the timeout in a DATABASES entry (PostgreSQL only; other engines are left alone)."""
    if database.get("ENGINE") != "django.db.backends.postgresql":
        return
    opts = database.setdefault("OPTIONS", {})
    combined = statement_timeout_options(opts.get("options", ""), value)
    if combined:
        opts["options"] = combined
    else:
        opts.pop("options", None)


def use_worker_statement_timeout(**_kwargs: Any) -> None:
    """Celery signal receiver: the worker's connections get the worker's (longer) timeout."""
    value = getattr(settings, "DATABASE_STATEMENT_TIMEOUT_WORKER", "")
    for conn in connections.all(initialized_only=False):
        apply_statement_timeout(conn.settings_dict, value)
        conn.close()


def _is_statement_timeout(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return type(cause).__name__ == "QueryCanceled" or "statement timeout" in str(exc)


class StatementTimeoutMiddleware:
    """A web request whose query PostgreSQL cancelled gets a plain Italian page (503)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not isinstance(exception, OperationalError) or not _is_statement_timeout(exception):
            return None
        logger.warning("Statement timeout on %s %s", request.method, request.path)
        # No request context: the connection's transaction may be aborted, no query may run.
        body = render_to_string("core/statement_timeout.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        return response
