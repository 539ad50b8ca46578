"""The Bilancio Sociale's panel of the role home (registered in apps.py): for the staff who
manage the report, the editions with consultation contributions waiting for moderation. One
aggregated query; the same rule as the staff views (selectors.can_manage)."""

from __future__ import annotations

from django.http import HttpRequest

from . import selectors

EDITIONS_MAX = 5


def staff_panel_context(request: HttpRequest) -> dict:
    return {"to_moderate": list(selectors.editions_to_moderate(request.user)[:EDITIONS_MAX])}
