"""A bulk write of role rows (no signal) is seen by the very next request with the role cache
on: the role rows' queryset bumps the role version (citta_del_noi/common/role_rows.py)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from citta_del_noi.organizations.models import Membership, MembershipRole
from consigli.models import CouncilMember
from tests.cantieri.factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]
ON = override_settings(ROLE_CACHE_SECONDS=300)


def _cached(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # served with the cached roles


@ON
def test_a_bulk_update_ending_memberships_is_seen_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["partner_a"]
    client.force_login(user)
    url = reverse("cantieri:activity_list")
    _cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        assert Membership.objects.filter(user=user, active=True).update(active=False)
    assert client.get(url).status_code == 403


@ON
def test_a_bulk_update_ending_council_seats_is_seen_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["council"]
    client.force_login(user)
    url = reverse("cruscotto:index")
    _cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        seats = CouncilMember.objects.filter(user=user)
        seat = seats.first()
        assert seat is not None
        assert seats.update(term_end=seat.term_start)  # ended before today
    assert client.get(url).status_code == 403


@ON
def test_bulk_created_memberships_are_seen_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["partner_b"]
    client.force_login(user)
    url = reverse("cantieri:activity_detail", args=[_record_of(world.org_a).pk])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.bulk_create(
            [Membership(user=user, organization=world.org_a, role=MembershipRole.LETTORE)]
        )
    assert client.get(url).status_code == 200


def _record_of(org):
    return record(org, title="Bozza di Alfa")
