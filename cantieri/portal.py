"""What cantieri adds to the portal shell (registered in apps.py): the programme's actions and,
since territori is the ground layer and registers nothing itself, the territory's sections of
the public pages and the staff's reference-data panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from citta_del_noi.accounts import roles
from citta_del_noi.common.counts import counts
from citta_del_noi.organizations.selectors import organization_count_querysets
from territori.selectors import (
    punti_comunita_public,
    territory_count_querysets,
    zones_with_quartieri,
)

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
    # The territory's and the organisations' figures in one query (were five).
    territory = territory_count_querysets()
    organizations = organization_count_querysets()
    found = counts(
        {
            **{f"t_{k}": v for k, v in territory.items()},
            **{f"o_{k}": v for k, v in organizations.items()},
        }
    )
    return {
        "territory": {k: found[f"t_{k}"] for k in territory},
        "organizations": {k: found[f"o_{k}"] for k in organizations},
        "zones_limit": roles.staff_zone_ids(request.user),
    }
