"""What a member may do for an organisation: one named rule per capability.

The role of the membership decides (models.MembershipRole):

- referente: reads, records drafts, submits records for review, manages the members;
- compilatore: reads and records drafts (by hand or by import), does not submit;
- lettore: reads the organisation's records and exports them.

Pages, exports, imports and services ask these rules (cantieri/rules.py builds its checks on
them), so a future API inherits them by calling the same services. The checks use the cached
{organisation: role} map of accounts.roles: no query beyond the first per request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citta_del_noi.accounts.roles import AnyUser, partner_organization_roles

from .models import RECORDING_ROLES, MembershipRole

if TYPE_CHECKING:
    from .models import Organization


def _org_id(organization: Organization | int) -> int:
    return organization if isinstance(organization, int) else organization.pk


def _inactive(organization: Organization | int) -> bool:
    return not isinstance(organization, int) and not organization.active


def role_of(user: AnyUser, organization: Organization | int) -> str | None:
    """The user's role in the organisation, None when not an active member."""
    return partner_organization_roles(user).get(_org_id(organization))


def can_read(user: AnyUser, organization: Organization | int) -> bool:
    """Every active member reads the organisation's records (drafts included) and exports them."""
    return role_of(user, organization) is not None


def can_record_drafts(user: AnyUser, organization: Organization | int) -> bool:
    """Create, edit, import and delete drafts on behalf of the organisation."""
    return not _inactive(organization) and role_of(user, organization) in RECORDING_ROLES


def can_submit(user: AnyUser, organization: Organization | int) -> bool:
    """Send records for review (and request documented corrections): the referent only."""
    return not _inactive(organization) and role_of(user, organization) == MembershipRole.REFERENTE


def can_manage_members(user: AnyUser, organization: Organization | int) -> bool:
    """Invite, change the role of and remove members: the referent only."""
    return role_of(user, organization) == MembershipRole.REFERENTE


def records_for_any(user: AnyUser) -> bool:
    """The user records drafts for at least one organisation (shows the "Nuova attività" entry)."""
    return any(role in RECORDING_ROLES for role in partner_organization_roles(user).values())


def submits_for_any(user: AnyUser) -> bool:
    roles = partner_organization_roles(user).values()
    return any(role == MembershipRole.REFERENTE for role in roles)
