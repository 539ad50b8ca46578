"""The pages an Italian PA site must have: the cookie page lists what the code really sets, and
the privacy notices state the retention periods the code really applies (read from the same
settings and constants the purge tasks use, so the page cannot drift from the behaviour)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .accessibility_models import AccessibilityStatement


def _hours(seconds: int) -> int:
    return max(seconds // 3600, 1)


@require_GET
def cookie_page(request: HttpRequest) -> HttpResponse:
    language_age = settings.LANGUAGE_COOKIE_AGE
    context = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_hours": _hours(settings.SESSION_COOKIE_AGE),
        "session_at_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_days": settings.CSRF_COOKIE_AGE // 86400,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "language_days": language_age // 86400 if language_age else None,
        "messages_cookie": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    }
    return render(request, "core/cookie.html", context)


@require_GET
def accessibility_page(request: HttpRequest) -> HttpResponse:
    statement = (
        AccessibilityStatement.objects.prefetch_related("non_accessible")
        .order_by("-reviewed_on", "-pk")
        .first()
    )
    return render(request, "core/accessibilita.html", {"statement": statement})
