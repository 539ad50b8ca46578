"""Reads on organisations."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.roles import AnyUser, partner_organization_ids
from citta_del_noi.common.counts import counts

from .models import RECORDING_ROLES, Membership, MembershipRole, Organization


def organizations_recordable_by(user: AnyUser) -> QuerySet[Organization]:
    """Organisations on whose behalf the user may create, edit and import drafts: active
    memberships as referente or compilatore (the same as rules.can_record_drafts; the guardian
    permission record_activities is kept in step by the services)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        active=True,
        memberships__user=user,
        memberships__active=True,
        memberships__role__in=RECORDING_ROLES,
    ).order_by("name")


def members_of(organization: Organization) -> QuerySet[Membership]:
    """Active members of the organisation, referents first, for the page "Membri"."""

    order = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(MembershipRole.values)),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(organization=organization, active=True)
        .select_related("user")
        .order_by(order, "user__last_name", "user__first_name", "user__email")
    )


def organization_of_member(user: AnyUser, slug: str) -> Organization:
    """An organisation the user is an active member of (404 for anyone else, so the page does
    not reveal another organisation's members)."""

    org = Organization.objects.filter(slug=slug).first()
    if org is None or org.pk not in partner_organization_ids(user):
        raise Http404
    return org


def member_of(organization: Organization, pk: int) -> Membership:
    """One active membership of the organisation (404 when it belongs to another one)."""
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=pk, organization=organization, active=True)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def organizations_public() -> QuerySet[Organization]:
    return Organization.objects.filter(active=True).order_by("name")


def organization_count_querysets() -> dict[str, QuerySet]:
    """Active organisations, project partners, those without a codice fiscale, active referents:
    the rows behind organization_counts (citta_del_noi.common.counts counts them in one query,
    with other panels' figures if the caller has any)."""
    active = Organization.objects.filter(active=True)
    return {
        "total": active,
        "partners": active.filter(is_project_partner=True),
        "without_cf": active.filter(codice_fiscale__isnull=True),
        "referents": Membership.objects.filter(active=True, role=MembershipRole.REFERENTE)
        .values("user")
        .distinct(),
    }


def organization_counts() -> dict[str, int]:
    """Active organisations, project partners, those without a codice fiscale, active referents."""
    return counts(organization_count_querysets())


def referents_of(organization: Organization) -> QuerySet:
    """The people told about the organisation's records (returned, approved, corrected,
    periods closing): active users whose active membership of the active organisation has the
    role referente. The one place that decides who a referent is."""

    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=organization.pk,
            memberships__active=True,
            memberships__role=MembershipRole.REFERENTE,
            memberships__organization__active=True,
        )
        .distinct()
        .order_by("pk")
    )
