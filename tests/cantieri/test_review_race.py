"""Two reviewers act on the same submitted activity at once (issue 12, point 6): the second is
told who came first, not that their role forbids it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cantieri import services
from cantieri.models import ActivityStatus
from tests.cantieri.factories import item

pytestmark = pytest.mark.django_db


def _submitted(world):
    partner = world.users["partner_a"]
    activity = services.activity_create(organization=world.org_a, by=partner, item=item())
    services.activity_submit(activity=activity, by=partner)
    return activity


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _name(user) -> str:
    return user.get_full_name() or user.email


def test_second_approver_sees_already_approved_by(world) -> None:
    first, second = world.users["staff"], world.users["admin"]
    activity = _submitted(world)
    url = reverse("cantieri:activity_approve", args=[activity.pk])
    assert _as(first).post(url).status_code == 302
    late = _as(second).post(url, follow=True)
    body = late.content.decode()
    assert late.status_code == 200
    assert f"Attività già approvata da {_name(first)}" in body
    assert "Il tuo ruolo non permette" not in body
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED


def test_returning_an_activity_someone_just_approved_says_so(world) -> None:
    first, second = world.users["staff"], world.users["admin"]
    activity = _submitted(world)
    _as(first).post(reverse("cantieri:activity_approve", args=[activity.pk]))
    late = _as(second).post(
        reverse("cantieri:activity_return", args=[activity.pk]),
        {"comment": "Manca il numero dei partecipanti."},
        follow=True,
    )
    body = late.content.decode()
    assert f"Attività già approvata da {_name(first)}" in body
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED


def test_a_partner_still_gets_a_refusal(world) -> None:
    activity = _submitted(world)
    _as(world.users["staff"]).post(reverse("cantieri:activity_approve", args=[activity.pk]))
    late = _as(world.users["partner_a"]).post(
        reverse("cantieri:activity_approve", args=[activity.pk])
    )
    assert late.status_code == 403
    assert "già approvata" not in late.content.decode()
