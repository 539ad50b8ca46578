"""The viewer's roles kept between requests (citta_del_noi/accounts/role_cache.py, issue 14).

The cache is off in the test settings (pins elsewhere count the role queries); these tests turn
it on and check that a change of role is seen on the very next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citta_del_noi.accounts import roles
from citta_del_noi.organizations.models import Membership
from citta_del_noi.organizations.services import membership_end
from consigli.models import CouncilMember

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]
ON = override_settings(ROLE_CACHE_SECONDS=300)


def _queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    return status, len(ctx.captured_queries)


@ON
def test_the_second_request_does_not_repeat_the_role_queries(world, client: Client) -> None:
    client.force_login(world.users["council"])
    url = reverse("cruscotto:index")
    first = _queries(client, url)
    second = _queries(client, url)
    third = _queries(client, url)
    assert first[0] == second[0] == 200
    # session, user: the groups, seats, memberships, agencies and the unread count come from
    # the cache (the page body was cached by the first request)
    assert second[1] == third[1] == 2


@ON
def test_a_council_member_whose_seat_is_removed_loses_the_dashboard_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["council"]
    client.force_login(user)
    url = reverse("cruscotto:index")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # served with the cached roles
    with django_capture_on_commit_callbacks(execute=True):
        CouncilMember.objects.filter(user=user).delete()
    assert client.get(url).status_code == 403


@ON
def test_staff_removed_from_the_staff_group_loses_staff_pages_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["staff"]
    client.force_login(user)
    url = reverse("cantieri:review_queue")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.remove(Group.objects.get(name=roles.GROUP_STAFF))
    assert client.get(url).status_code == 403


@ON
def test_a_partner_whose_membership_ends_loses_the_organisation_at_once(
    world, client: Client, django_capture_on_commit_callbacks
) -> None:
    user = world.users["partner_a"]
    client.force_login(user)
    url = reverse("cantieri:activity_list")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        for membership in Membership.objects.filter(user=user, active=True):
            membership_end(membership=membership)
    assert client.get(url).status_code == 403


@ON
def test_two_users_never_share_a_snapshot(world, client: Client) -> None:
    client.force_login(world.users["council"])
    assert client.get(reverse("cruscotto:index")).status_code == 200
    other = Client()
    other.force_login(world.users["partner_a"])
    assert other.get(reverse("cruscotto:index")).status_code == 403
