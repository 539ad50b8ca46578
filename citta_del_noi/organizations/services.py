"""Writes on organisations and memberships."""

from __future__ import annotations

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from citta_del_noi.accounts.models import User

from .models import Membership, Organization

RECORD_PERM = "organizations.record_activities"


@transaction.atomic
def membership_add(*, user: User, organization: Organization) -> Membership:
    """Make `user` a referent of `organization` and grant the object permission to record."""
    membership, created = Membership.objects.get_or_create(user=user, organization=organization)
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    assign_perm(RECORD_PERM, user, organization)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership) -> None:
    membership.active = False
    membership.save(update_fields=["active"])
    remove_perm(RECORD_PERM, membership.user, membership.organization)
