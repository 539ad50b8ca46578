"""The councils' panel of the role home (registered in apps.py): for each council of the viewer,
the next meeting with its agenda, documents and the minutes to approve there; the decisions
they own that are still open, the counts of the register and the dashboard's alerts.
Bounded: four queries per council (two councils exist), eight for the alerts; lists capped."""

from __future__ import annotations

from django.http import HttpRequest

from citta_del_noi.reporting.dashboard import DashboardFilters

from . import dashboard_selectors, selectors
from .models import Consiglio

AGENDA_MAX = 8
DOCUMENTS_MAX = 6
OWNED_MAX = 5


def _council_row(council: Consiglio) -> dict:
    upcoming = selectors.next_meeting_of(council)
    if upcoming is None:
        return {"council": council, "next": None, "agenda": [], "documents": [], "minutes": []}
    return {
        "council": council,
        "next": upcoming,
        "agenda": list(selectors.agenda_of(upcoming)[:AGENDA_MAX]),
        "documents": list(selectors.documents_of(upcoming)[:DOCUMENTS_MAX]),
        "minutes": list(selectors.minutes_pending_approval(upcoming)[:DOCUMENTS_MAX]),
    }


def home_panel_context(request: HttpRequest) -> dict:
    user = request.user
    return {
        "councils": [_council_row(c) for c in selectors.councils_visible_to(user)],
        "decisions": selectors.decision_status_counts(user),
        "owned": list(selectors.decisions_owned_open(user)[:OWNED_MAX]),
        "alerts": _alert_counts(),
    }


def _alert_counts() -> dict:
    """How many flags the dashboard raises over the whole programme (the same rules as the
    dashboard's alerts page, which lists them)."""
    found = dashboard_selectors.alerts(DashboardFilters())
    return {
        "off_target": len(found["off_target"]),
        "no_activity": len(found["no_activity"]),
        "period": found["period"],
    }
