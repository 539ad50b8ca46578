"""People raising (interest, forwarding, expiry by the beat task) and volunteer totals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import models as m
from agencies.selectors import people_totals
from agencies.tasks import purge_expired_volunteer_interests
from cantieri import summary
from cantieri.models import ActivityStatus
from tests.agencies import helpers as h

pytestmark = pytest.mark.django_db


def test_interest_is_forwarded_to_the_organisation(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("agencies:volunteer_call_detail", args=[world.volunteer_call.pk]),
            {
                "name": "Mario Rossi",
                "email": "mario@example.org",
                "consent": "on",
                "message": "Il sabato",
            },
        )
    assert response.status_code == 302
    interest = m.VolunteerInterest.objects.get()
    assert interest.forwarded_at is not None
    assert interest.delete_after == timezone.localdate() + timedelta(days=180)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vol@example.org"]
    assert "Mario Rossi" in mail.outbox[0].body
    assert mail.outbox[0].reply_to == ["mario@example.org"]


def test_beat_task_deletes_expired_interests(world) -> None:
    today = timezone.localdate()
    old = m.VolunteerInterest.objects.create(
        call=world.volunteer_call,
        name="Vecchia",
        email="a@example.org",
        consent=True,
        delete_after=today - timedelta(days=1),
    )
    fresh = m.VolunteerInterest.objects.create(
        call=world.volunteer_call,
        name="Recente",
        email="b@example.org",
        consent=True,
        delete_after=today,
    )
    entry = settings.CELERY_BEAT_SCHEDULE["agencies-purge-volunteer-interests"]
    assert entry["task"] == purge_expired_volunteer_interests.name
    assert purge_expired_volunteer_interests.delay().get() == 1
    assert not m.VolunteerInterest.objects.filter(pk=old.pk).exists()
    assert m.VolunteerInterest.objects.filter(pk=fresh.pk).exists()


def test_volunteer_totals_add_activity_and_other_volunteers_once(world) -> None:
    summary.ensure_fresh(force=True)
    before = people_totals()
    h.activity(world.org_a, quartieri=[world.quartiere], volunteers=4, hours="20")
    h.activity(
        world.org_a,
        quartieri=[world.quartiere],
        volunteers=9,
        hours="50",
        status=ActivityStatus.SUBMITTED,
    )  # not approved: never counted
    m.VolunteerEntry.objects.create(
        organization=world.org_a,
        reporting_period=h.period(),
        volunteers=3,
        volunteer_hours=Decimal("12"),
    )
    summary.ensure_fresh(force=True)  # what the beat task does every few minutes
    totals = people_totals()
    assert totals["volunteers"] - before["volunteers"] == 7
    assert totals["volunteer_hours"] - before["volunteer_hours"] == Decimal("32")
    assert totals["volunteer_hours_activities"] - before["volunteer_hours_activities"] == 20
