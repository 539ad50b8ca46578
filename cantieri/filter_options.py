"""The options of the activity lists' filter drop-downs, cached (issue 14).

Actions, zones, reporting periods and organisations are reference data: a list page read them
with four queries and turned hundreds of organisations into model instances on every request.
They are kept in the shared cache as (id, label) pairs under a version counter
(citta_del_noi.common.cache_versions) that every save or deletion of those models bumps after
its commit, with a time limit as a safety net for writes that bypass the signals (bulk
updates). Which organisations a viewer may pick stays the selector's rule
(`selectors.organization_choices_for`); the form still validates a chosen value against the
viewer's queryset.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Model
from django.utils.translation import get_language

from citta_del_noi.common import cache_versions
from citta_del_noi.organizations.models import Organization
from territori.models import Zona

from .models import Azione, ReportingPeriod

VERSION_NAME = "cantieri:filter-options"
SECONDS = 3600
WATCHED: tuple[type[Model], ...] = (Azione, Zona, ReportingPeriod, Organization)


def _build() -> dict[str, list]:
    return {
        "azione": [(a.pk, str(a)) for a in Azione.objects.order_by("number")],
        "zona": [(z.pk, str(z)) for z in Zona.objects.order_by("order")],
        "reporting_period": [(p.pk, str(p)) for p in ReportingPeriod.objects.order_by("-start")],
        # (id, label, active), by name: the viewer's selector picks which ones it may offer.
        "organization": [
            (o.pk, str(o), o.active)
            for o in Organization.objects.order_by("name").only("pk", "name", "active")
        ],
    }


def options() -> dict[str, list]:
    """Every drop-down's options, from the cache (built once per version and language)."""
    key = f"cantieri:filter-options:v{cache_versions.current(VERSION_NAME)}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = _build()
        cache.set(key, found, SECONDS)
    return found


def connect() -> None:
    cache_versions.bump_on_writes(VERSION_NAME, WATCHED)
