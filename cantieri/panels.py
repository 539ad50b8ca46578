"""Home-page panels of activity records (registered in apps.py)."""

from __future__ import annotations

from django.http import HttpRequest

from . import panel_selectors


def partner_panel_context(request: HttpRequest) -> dict:
    return panel_selectors.partner_panel(request.user)


def staff_panel_context(request: HttpRequest) -> dict:
    return panel_selectors.staff_panel(request.user)
