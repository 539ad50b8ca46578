"""Error pages in Italian with the portal's layout: 400, 403, 404, 413 and 500 (issue 12.6).

Each page is rendered with the full layout (templates/<code>.html, extending base.html) and the
request's context; if that fails too (the database is down, the Host header is refused...), a
standalone page without anything that could fail again (templates/error_minimal.html).

413: Django refuses a request body over DATA_UPLOAD_MAX_MEMORY_SIZE (or with more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields) with RequestDataTooBig, a SuspiciousOperation that it
answers with a generic 400; bad_request maps it to a 413 page saying what was too big.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _g

logger = logging.getLogger(__name__)

TOO_BIG = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _render(
    request: HttpRequest, status: int, title: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    try:
        body = loader.render_to_string(f"{status}.html", context or {}, request=request)
    except Exception:  # the error page must never fail: fall back to the plain one
        logger.exception("Error page %s could not be rendered with the layout", status)
        body = loader.render_to_string("error_minimal.html", {"title": title, "status": status})
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, TOO_BIG):
        return _render(request, 413, _g("Richiesta troppo grande"))
    return _render(request, 400, _g("Richiesta non valida"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception or "").strip()
    return _render(request, 403, _g("Accesso non consentito"), {"reason": message})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404, _g("Pagina non trovata"))


def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500, _g("Errore del servizio"))
