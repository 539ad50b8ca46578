"""Who may do what with the agencies' records.

- Comune staff and administrators manage every agency's records.
- An agency referent (Agency.referents) manages only the records of the tools of their agency;
  another agency's tools answer 403.
- Partner referents apply to calls for proposals for their own organisations.
- Evaluators see and score only the applications assigned to them, never one of their own
  organisation's (conflict of interest).
- Citizens see only published content.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations import rules as org_rules

from .selectors import agency_slugs_for_referent
from .selectors.choices import ToolScope


def agency_slugs(user: AnyUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_cdn_agency_slugs", None)
    if cached is None:
        cached = agency_slugs_for_referent(user)
        setattr(user, "_cdn_agency_slugs", cached)  # noqa: B010
    return cached


def can_manage(user: AnyUser, agency_slug: str) -> bool:
    """Staff manage every agency; a referent only their own."""
    return roles.is_comune_staff(user) or agency_slug in agency_slugs(user)


def tool_scope(user: AnyUser, agency_slug: str) -> ToolScope:
    """The scope a tool's form lists its choices in: a viewer who manages the agency (403 for
    anyone else, so no form of another agency's tool is ever built for them)."""
    if not can_manage(user, agency_slug):
        raise PermissionDenied
    return ToolScope(viewer=user, agency=agency_slug)


def can_use_workspace(user: AnyUser) -> bool:
    return roles.is_comune_staff(user) or bool(roles.agency_ids(user))


def can_edit_pages(user: AnyUser) -> bool:
    return can_manage(user, "comunicazione")


def can_apply(user: AnyUser) -> bool:
    """Applying to a call is a formal submission: the referent of an organisation (issue 11:
    compilatori and lettori of an organisation do not submit)."""

    return org_rules.submits_for_any(user)
