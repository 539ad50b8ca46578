"""A partner's referent is told (in the portal's "Avvisi" and by email) when a record is
returned, approved or corrected by staff, and when a reporting period is about to close."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cantieri import services as cantieri_services
from cantieri.models import ActivityStatus, ReportingPeriod
from cantieri.reminders import send_period_closing_reminders
from citta_del_noi.notifications.models import Notice
from citta_del_noi.notifications.services import (
    notice_emails_send,
    notice_emails_send_pending,
    notify,
)
from tests.cantieri.factories import item, period, record

pytestmark = pytest.mark.django_db

BASE = "https://portale.example.org"
BADGE = re.compile(r'data-testid="notices-unread">(\d+)<')


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture(autouse=True)
def _no_notices_yet(world):
    Notice.objects.all().delete()  # the permission matrix's world has one for partner_a


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unread_badge(client: Client) -> int:
    html = client.get(reverse("core:area_riservata")).content.decode()
    assert 'data-testid="notices-link"' in html
    found = BADGE.search(html)
    return int(found.group(1)) if found else 0


def test_returned_record_notifies_the_referent_with_the_comment(
    world, django_capture_on_commit_callbacks
) -> None:
    activity = record(world.org_a, title="Ginnastica dolce", status=ActivityStatus.SUBMITTED)
    partner = client_for(world.users["partner_a"])
    assert unread_badge(partner) == 0
    mail.outbox.clear()
    staff = client_for(world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("cantieri:activity_return", args=[activity.pk]),
            {"comment": "Le fasce d'età non tornano con il totale"},
        )
    assert response.status_code == 302

    # the email: to the referent of the organisation only, with the comment and a portal link
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    message = mail.outbox[0]
    assert "restituita" in message.subject and "Ginnastica dolce" in message.subject
    assert "Le fasce d'età non tornano con il totale" in message.body
    assert f"{BASE}/attivita/{activity.pk}/" in message.body
    assert f"{BASE}/avvisi/" in message.body
    assert all(
        link.startswith(BASE + "/") for link in re.findall(r"https?://\S+", str(message.body))
    )

    # in the portal: the unread count in the header and the notice in "Avvisi"
    assert unread_badge(partner) == 1
    page = partner.get(reverse("notifications:list")).content.decode()
    assert "Ginnastica dolce" in page and "Le fasce d&#x27;età non tornano con il totale" in page
    assert unread_badge(client_for(world.users["partner_b"])) == 0
    assert unread_badge(staff) == 0  # the reviewer who acted is not told about it

    # opening the notice marks it read and goes to the record
    notice = Notice.objects.get(recipient=world.users["partner_a"])
    opened = partner.post(reverse("notifications:read", args=[notice.pk]), {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == f"/attivita/{activity.pk}/"
    assert unread_badge(partner) == 0


def test_approval_and_staff_correction_notify_the_referent(
    world, django_capture_on_commit_callbacks
) -> None:
    rp = period()
    activity = record(world.org_a, title="Laboratorio di cucito", status=ActivityStatus.SUBMITTED)
    staff_user = world.users["staff"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff_user).post(reverse("cantieri:activity_approve", args=[activity.pk]))
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    assert "approvata" in mail.outbox[0].subject and "Laboratorio di cucito" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cantieri_services.activity_correct(
            activity=activity,
            by=staff_user,
            reason="Il totale dei partecipanti era sbagliato",
            item=item(rp=rp, title="Laboratorio di cucito", total=12),
        )
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    body = mail.outbox[0].body
    assert "corretta dal personale" in mail.outbox[0].subject
    assert "Il totale dei partecipanti era sbagliato" in body and "partecipanti totali" in body

    partner = client_for(world.users["partner_a"])
    assert unread_badge(partner) == 2
    page = partner.get(reverse("notifications:list")).content.decode()
    assert "approvata" in page and "corretta dal personale" in page
    partner.post(reverse("notifications:read_all"))
    assert unread_badge(partner) == 0

    # the referent's own correction is their act: nobody is told
    cantieri_services.activity_approve(activity=activity, by=staff_user)
    before = Notice.objects.count()
    cantieri_services.activity_correct(
        activity=activity,
        by=world.users["partner_a"],
        reason="Corretto il numero di volontari",
        item=item(rp=rp, title="Laboratorio di cucito", total=12, volunteers=3),
    )
    assert Notice.objects.count() == before


def test_bulk_approval_sends_one_notice_per_organisation(
    world, django_capture_on_commit_callbacks
) -> None:
    ids = [
        record(world.org_a, title=f"Incontro {n}", status=ActivityStatus.SUBMITTED).pk
        for n in range(3)
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.users["staff"]).post(reverse("cantieri:review_bulk_approve"), {"ids": ids})
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    assert "3 attività approvate" in mail.outbox[0].subject
    assert all(f"Incontro {n}" in mail.outbox[0].body for n in range(3))


@override_settings(PERIOD_CLOSING_REMINDER_DAYS=7)
def test_period_closing_notice_is_sent_once(world, django_capture_on_commit_callbacks) -> None:
    rp = ReportingPeriod.objects.create(
        name="2030-H1", start=date(2030, 1, 1), end=date(2030, 6, 30), closes_on=date(2030, 6, 30)
    )
    record(world.org_a, title="Tutto inviato", status=ActivityStatus.SUBMITTED, rp=rp)
    record(world.org_b, title="Ancora in bozza", status=ActivityStatus.DRAFT, rp=rp)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_period_closing_reminders(today=date(2030, 6, 1)) == 0  # too early
        assert send_period_closing_reminders(today=date(2030, 6, 24)) == 1
    assert [m.to for m in mail.outbox] == [["partner.b@example.org"]]
    assert "2030-H1" in mail.outbox[0].subject and "30/06/2030" in mail.outbox[0].subject
    assert "1 attività in bozza o restituite" in mail.outbox[0].body
    partner_b = client_for(world.users["partner_b"])
    assert unread_badge(partner_b) == 1
    assert unread_badge(client_for(world.users["partner_a"])) == 0  # nothing left to do

    with django_capture_on_commit_callbacks(execute=True):
        assert send_period_closing_reminders(today=date(2030, 6, 25)) == 0
        assert send_period_closing_reminders(today=date(2030, 6, 30)) == 0
    assert len(mail.outbox) == 1
    assert unread_badge(partner_b) == 1


def test_notices_page_shows_only_the_viewers_own(world) -> None:
    (mine,) = notify(
        users=[world.users["partner_a"]], kind="tests.own", title="Avviso di Anna", email=False
    )
    (theirs,) = notify(
        users=[world.users["partner_b"]], kind="tests.own", title="Avviso di Bruno", email=False
    )
    partner_a = client_for(world.users["partner_a"])
    page = partner_a.get(reverse("notifications:list")).content.decode()
    assert "Avviso di Anna" in page and "Avviso di Bruno" not in page
    response = partner_a.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert partner_a.post(reverse("notifications:read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert Client().get(reverse("notifications:list")).status_code == 302  # login first


def test_a_notice_is_emailed_once_even_if_the_task_runs_twice(
    world, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices = notify(
            users=[world.users["partner_a"], world.users["partner_a"]],
            kind="tests.once",
            title="Una volta sola",
            body="Testo",
            link="https://altrove.example.com/",  # never a link outside the portal
        )
    assert len(notices) == 1 and notices[0].link == ""
    assert notice_emails_send(notice_ids=[notices[0].pk]) == 0  # a duplicate delivery
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["partner.a@example.org"]
    assert "altrove" not in mail.outbox[0].body


def test_emails_left_behind_by_a_broker_outage_are_sent_by_the_sweeper(
    world, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from citta_del_noi.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker non raggiungibile")

    monkeypatch.setattr(tasks.send_notice_emails, "delay", broker_down)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the action itself succeeds
        (late,) = notify(users=[world.users["partner_a"]], kind="tests.late", title="In ritardo")
        (quiet,) = notify(
            users=[world.users["partner_b"]],
            kind="tests.late",
            title="Solo nel portale",
            email=False,
        )
    assert mail.outbox == []
    Notice.objects.filter(pk__in=[late.pk, quiet.pk]).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )
    assert notice_emails_send_pending() == 1
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    assert notice_emails_send_pending() == 0
