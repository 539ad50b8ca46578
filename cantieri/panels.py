"""Home-page panels of activity records (registered in apps.py)."""

from __future__ import annotations

from django.http import HttpRequest

from . import selectors


def partner_panel_context(request: HttpRequest) -> dict:
    return selectors.partner_panel(request.user)


def staff_panel_context(request: HttpRequest) -> dict:
    return selectors.staff_panel(request.user)
