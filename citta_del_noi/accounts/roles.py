"""The portal's roles, in one place.

Roles are not a column: they derive from Django groups (administrators, Comune staff), from
memberships of partner organisations and from council memberships. Every permission check in
the apps goes through these functions or through django-guardian object permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from citta_del_noi.organizations.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

    AnyUser = User | AnonymousUser
else:
    AnyUser = Any

GROUP_ADMIN = "Amministratori"
GROUP_STAFF = "Personale Comune"


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    PARTNER = "partner"
    COUNCIL = "council"
    AGENCY = "agency"
    CITIZEN = "citizen"


ROLE_LABELS = {
    Role.ADMIN: _("Amministratore"),
    Role.STAFF: _("Personale del Comune"),
    Role.PARTNER: _("Referente di organizzazione partner"),
    Role.COUNCIL: _("Componente di consiglio"),
    Role.AGENCY: _("Referente di agenzia"),
    Role.CITIZEN: _("Cittadino"),
}


# A partner's label says which role they hold in their organisation(s): the strongest one.
PARTNER_ROLE_LABELS = {
    "referente": _("Referente di organizzazione partner"),
    "compilatore": _("Compilatore di organizzazione partner"),
    "lettore": _("Lettore di organizzazione partner"),
}


# The roles that come from a domain app (council seats, agency referents) are resolved by that
# app: it registers a function user -> ids in its AppConfig.ready(), so that accounts knows no
# domain app (lint-imports checks it).
_ID_RESOLVERS: dict[str, Callable[[Any], set[int]]] = {}


def register_role_ids(key: str, resolver: Callable[[Any], set[int]]) -> None:
    """Register the resolver of a role held through a domain app ("council", "agency")."""
    _ID_RESOLVERS[key] = resolver


def _resolved_ids(key: str, user: AnyUser) -> set[int]:
    resolver = _ID_RESOLVERS.get(key)
    return set(resolver(user)) if resolver is not None else set()


def role_labels(user: AnyUser) -> list[str]:
    """The labels of the user's roles, as shown next to their name."""
    labels = []
    for role in roles_of(user):
        if role == Role.PARTNER:
            held = set(partner_organization_roles(user).values())
            best = next((r for r in PARTNER_ROLE_LABELS if r in held), "referente")
            labels.append(str(PARTNER_ROLE_LABELS[best]))
        else:
            labels.append(str(ROLE_LABELS[role]))
    return labels


def _group_names(user: AnyUser) -> set[str]:
    cache = getattr(user, "_cdn_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._cdn_group_names = cache  # type: ignore[union-attr]
    return cache


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or GROUP_ADMIN in _group_names(user)))


def is_comune_staff(user: AnyUser) -> bool:
    """Comune staff, administrators included (they can do all that staff do)."""
    return bool(user.is_authenticated and (is_admin(user) or GROUP_STAFF in _group_names(user)))


def staff_zone_ids(user: AnyUser) -> set[int] | None:
    """Zones a staff member is limited to; None means every zone (or not staff)."""
    if not is_comune_staff(user) or is_admin(user):
        return None
    ids = getattr(user, "_cdn_staff_zone_ids", None)
    if ids is None:
        ids = set(user.staff_zones.values_list("pk", flat=True))  # type: ignore[union-attr]
        user._cdn_staff_zone_ids = ids  # type: ignore[union-attr]
    return ids or None


def partner_organization_roles(user: AnyUser) -> dict[int, str]:
    """{organisation id: role} of the user's active memberships (one query, cached on the user).

    What each role may do is decided by citta_del_noi/organizations/rules.py."""
    if not user.is_authenticated:
        return {}
    found = getattr(user, "_cdn_partner_org_roles", None)
    if found is None:
        found = dict(
            Membership.objects.filter(user=user, active=True).values_list("organization_id", "role")
        )
        user._cdn_partner_org_roles = found  # type: ignore[attr-defined]
    return found


def partner_organization_ids(user: AnyUser) -> set[int]:
    """Organisations the user is an active member of (any role: all of them read its records)."""
    return set(partner_organization_roles(user))


def forget_partner_roles(user: AnyUser) -> None:
    """Drop the cached memberships (after a membership of `user` changed)."""
    user.__dict__.pop("_cdn_partner_org_roles", None)


def is_partner(user: AnyUser) -> bool:
    return bool(partner_organization_ids(user))


def council_ids(user: AnyUser) -> set[int]:
    """Councils the user currently sits on (an expired term gives no access)."""
    if not user.is_authenticated:
        return set()
    ids = getattr(user, "_cdn_council_ids", None)
    if ids is None:
        ids = _resolved_ids("council", user)
        user._cdn_council_ids = ids  # type: ignore[attr-defined]
    return ids


def is_council_member(user: AnyUser) -> bool:
    return bool(council_ids(user))


def agency_ids(user: AnyUser) -> set[int]:
    """Agencies the user is a referent of."""
    if not user.is_authenticated:
        return set()
    ids = getattr(user, "_cdn_agency_ids", None)
    if ids is None:
        ids = _resolved_ids("agency", user)
        user._cdn_agency_ids = ids  # type: ignore[attr-defined]
    return ids


def roles_of(user: AnyUser) -> list[Role]:
    if not user.is_authenticated:
        return [Role.CITIZEN]
    roles: list[Role] = []
    if is_admin(user):
        roles.append(Role.ADMIN)
    if is_comune_staff(user) and not is_admin(user):
        roles.append(Role.STAFF)
    if is_partner(user):
        roles.append(Role.PARTNER)
    if is_council_member(user):
        roles.append(Role.COUNCIL)
    if agency_ids(user):
        roles.append(Role.AGENCY)
    return roles


def requires_mfa(user: AnyUser) -> bool:
    """Everyone who can open the Django admin or a staff page must use two-factor
    authentication (when the setting is on): the ``is_staff`` and ``is_superuser`` flags count
    as much as the staff and administrator groups, whichever way they were set."""
    return bool(
        user.is_authenticated and (user.is_staff or user.is_superuser or is_comune_staff(user))
    )
