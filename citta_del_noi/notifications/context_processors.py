"""The unread count in the header: one query per page, and only when the page shows it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from .selectors import unread_count


def notices(request: HttpRequest) -> dict[str, Callable[[], int]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:  # templates call it when they resolve the variable; once per page
        return unread_count(user)

    return {"unread_notices": count}
