"""The unread count in the header: only when the page shows it, and kept between requests in the
shared cache (unread_cache.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from .unread_cache import cached_unread_count


def notices(request: HttpRequest) -> dict[str, Callable[[], int]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:  # templates call it when they resolve the variable; once per page
        return cached_unread_count(user, request)

    return {"unread_notices": count}
