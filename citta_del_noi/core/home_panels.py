"""Role home panels of the shared layer: reference data for staff, tools for administrators,
and fallbacks for council members and agency referents until their apps register their own."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from agencies.selectors import agencies_public
from citta_del_noi.accounts import roles
from citta_del_noi.organizations.selectors import organization_counts
from territori.selectors import territory_counts

from .home import HomePanel, register_panel


def _staff_reference(request: HttpRequest) -> dict:
    return {
        "territory": territory_counts(),
        "organizations": organization_counts(),
        "zones_limit": roles.staff_zone_ids(request.user),
    }


def _council_fallback(request: HttpRequest) -> dict:
    from consigli.selectors import councils_visible_to

    return {"councils": list(councils_visible_to(request.user))}


def _agency_fallback(request: HttpRequest) -> dict:
    return {
        "agencies": list(agencies_public().filter(pk__in=roles.agency_ids(request.user))),
        "today": timezone.localdate(),
    }


register_panel(
    HomePanel(
        key="staff-reference",
        template="core/panels/staff_reference.html",
        visible=roles.is_comune_staff,
        context=_staff_reference,
        order=80,
    )
)
register_panel(
    HomePanel(
        key="admin-tools",
        template="core/panels/admin_tools.html",
        visible=roles.is_admin,
        order=90,
    )
)
register_panel(
    HomePanel(
        key="council-fallback",
        template="core/panels/council_fallback.html",
        visible=roles.is_council_member,
        context=_council_fallback,
        order=40,
        replaced_by_app="consigli",
    )
)
register_panel(
    HomePanel(
        key="agency-fallback",
        template="core/panels/agency_fallback.html",
        visible=lambda u: bool(roles.agency_ids(u)),
        context=_agency_fallback,
        order=45,
        replaced_by_app="agencies",
    )
)
