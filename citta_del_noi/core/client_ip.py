"""The client's IP address behind the TLS proxy, one rule for rate limits and logs.

Behind the proxy every request comes from the proxy's address; the client's is the entry the
proxy appends to X-Forwarded-For. TRUSTED_PROXY_COUNT (environment, default 0: the header is
ignored) says how many proxies of ours stand in front of gunicorn: the client is the entry that
many places from the right. Anything a client writes to the left of it (a spoofed hop) is
ignored. allauth's rate limits read the same count (ALLAUTH_TRUSTED_PROXY_COUNT, set from it in
settings), and so do the logs: ClientIPMiddleware records the address for the request, and
log_context.ClientIPLogFilter puts it on every log line as %(client_ip)s.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse

from .log_context import current_client_ip


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth's rate limits see it (REMOTE_ADDR if undecidable)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No usable address, or fewer X-Forwarded-For hops than trusted proxies: the request
        # did not come through our proxies.
        return request.META.get("REMOTE_ADDR", "") or "-"


class ClientIPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not reset on the way out: Django logs a 4xx/5xx response (django.request) after the
        # middleware chain has returned. Each request sets its own value first.
        current_client_ip.set(client_ip(request))
        return self.get_response(request)
