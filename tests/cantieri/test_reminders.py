"""Reminder emails: period closing (referents without submitted records) and review backlog."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from cantieri.models import ActivityRecord, ActivityStatus, ReportingPeriod
from cantieri.reminders import send_period_closing_reminders, send_review_reminders
from cantieri.tasks import period_closing_reminders

from .factories import record

pytestmark = pytest.mark.django_db


@override_settings(PERIOD_CLOSING_REMINDER_DAYS=7)
def test_period_closing_reminder_goes_to_referents_without_submitted_records(
    world, django_capture_on_commit_callbacks
) -> None:
    today = date(2030, 6, 25)
    rp = ReportingPeriod.objects.create(
        name="2030-H1", start=date(2030, 1, 1), end=date(2030, 6, 30), closes_on=date(2030, 6, 30)
    )
    record(world.org_a, title="inviata", status=ActivityStatus.SUBMITTED, rp=rp)
    record(world.org_b, title="solo bozza", status=ActivityStatus.DRAFT, rp=rp)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_period_closing_reminders(today=today) >= 1
    recipients = {r for m in mail.outbox for r in m.to}
    assert "partner.b@example.org" in recipients
    assert "partner.a@example.org" not in recipients
    assert any("2030-H1" in m.subject for m in mail.outbox)
    # Idempotent: a second run the same or the next day sends nothing more.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_period_closing_reminders(today=today) == 0
        assert send_period_closing_reminders(today=today + timedelta(days=1)) == 0
    assert len(mail.outbox) == sent


@override_settings(PERIOD_CLOSING_REMINDER_DAYS=7)
def test_no_reminder_far_from_closing_or_for_locked_periods(world) -> None:
    ReportingPeriod.objects.create(
        name="2031-H1",
        start=date(2031, 1, 1),
        end=date(2031, 6, 30),
        closes_on=date(2031, 6, 30),
        locked_at=timezone.now(),
    )
    mail.outbox.clear()
    assert send_period_closing_reminders(today=date(2031, 6, 25)) == 0
    assert send_period_closing_reminders(today=date(2031, 1, 5)) == 0
    assert mail.outbox == []


@override_settings(REVIEW_REMINDER_DAYS=7)
def test_review_reminder_to_staff_who_can_see_old_submissions(world) -> None:
    ActivityRecord.objects.filter(status=ActivityStatus.SUBMITTED).update(
        submitted_at=timezone.now()
    )
    old = record(world.org_a, title="vecchia", status=ActivityStatus.SUBMITTED)
    ActivityRecord.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=10)
    )
    mail.outbox.clear()
    assert send_review_reminders() == 3  # staff, staff_zone (Nord) and admin
    recipients = {r for m in mail.outbox for r in m.to}
    assert recipients == {"staff@example.org", "staff.nord@example.org", "admin@example.org"}
    assert send_review_reminders() == 0  # once a day


def test_beat_schedule_has_the_reminders(settings) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"cantieri.period_closing_reminders", "cantieri.review_reminders"} <= tasks
    assert period_closing_reminders.name == "cantieri.period_closing_reminders"
