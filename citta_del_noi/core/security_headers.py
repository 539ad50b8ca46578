"""Permissions-Policy on every response (issue 12.6): the portal uses no camera, microphone,
location, payment or sensor APIs, so no page (nor anything injected into one) may ask for them.

The value is PERMISSIONS_POLICY in settings; the middleware is the first in MIDDLEWARE, so the
static files served by WhiteNoise and the error pages get the header too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.value
        return response
