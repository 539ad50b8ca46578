"""Reads on organisations."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from citta_del_noi.accounts.roles import AnyUser

from .models import Organization
from .services import RECORD_PERM


def organizations_recordable_by(user: AnyUser) -> QuerySet[Organization]:
    """Organisations on whose behalf the user may create and edit activity records."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return get_objects_for_user(
        user, RECORD_PERM, klass=Organization, accept_global_perms=False
    ).filter(memberships__user=user, memberships__active=True, active=True)


def organizations_public() -> QuerySet[Organization]:
    return Organization.objects.filter(active=True).order_by("name")
