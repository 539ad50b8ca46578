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


def organization_counts() -> dict[str, int]:
    """Active organisations, project partners, those without a codice fiscale, active referents."""
    from django.db.models import Count, Q

    from .models import Membership

    orgs = Organization.objects.filter(active=True).aggregate(
        total=Count("pk"),
        partners=Count("pk", filter=Q(is_project_partner=True)),
        without_cf=Count("pk", filter=Q(codice_fiscale__isnull=True)),
    )
    orgs["referents"] = Membership.objects.filter(active=True).values("user").distinct().count()
    return orgs


def referents_of(organization: Organization) -> QuerySet:
    """The people told about the organisation's records (returned, approved, corrected,
    periods closing): active users with an active membership of an active organisation.

    The one place that decides who a referent is: the roles inside an organisation
    (referente / compilatore / lettore) narrow it here."""
    from citta_del_noi.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=organization.pk,
            memberships__active=True,
            memberships__organization__active=True,
        )
        .distinct()
        .order_by("pk")
    )
