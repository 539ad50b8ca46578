"""What cantieri adds to the portal shell (registered in apps.py): the programme's actions and,
since territori is the ground layer and registers nothing itself, the territory's sections of
the public pages and the staff's reference-data panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from citta_del_noi.accounts import roles
from citta_del_noi.organizations.selectors import organization_counts
from territori.selectors import punti_comunita_public, territory_counts, zones_with_quartieri

from .selectors import azioni_public


def azioni_context() -> dict[str, Any]:
    return {"azioni": azioni_public()}


def home_territory_context() -> dict[str, Any]:
    zones = list(zones_with_quartieri())
    return {
        "zones": zones,
        "quartieri_count": sum(len(z.quartieri.all()) for z in zones),
        "punti": punti_comunita_public(),
    }


def territory_page_context() -> dict[str, Any]:
    return {"zones": zones_with_quartieri(), "punti": punti_comunita_public()}


def staff_reference_context(request: HttpRequest) -> dict:
    return {
        "territory": territory_counts(),
        "organizations": organization_counts(),
        "zones_limit": roles.staff_zone_ids(request.user),
    }
