"""Absolute links for emails: always the portal's configured public address (PORTAL_BASE_URL),
never the host a request happened to arrive on (a proxy, an internal name, a worker)."""

from __future__ import annotations

from django.conf import settings


def portal_url(path: str = "/") -> str:
    """`path` (e.g. from reverse()) as an absolute link on PORTAL_BASE_URL."""
    if not path.startswith("/"):
        path = "/" + path
    return settings.PORTAL_BASE_URL.rstrip("/") + path
