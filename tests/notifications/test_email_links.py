"""Every link in every email the portal sends uses PORTAL_BASE_URL, never the address the request
happened to arrive on (a proxy, an internal host name, "testserver")."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agencies.models import Event
from bilancio_sociale.models import EditionStatus
from cantieri.models import ActivityRecord, ActivityStatus, ReportingPeriod
from cantieri.reminders import send_period_closing_reminders, send_review_reminders
from citta_del_noi.accounts.services import user_invite
from consigli import services as consigli_services
from consigli.models import Consiglio
from tests.bilancio_sociale.factories import make_edition
from tests.cantieri.factories import record
from tests.consigli.factories import add_item, council_people, future_meeting

pytestmark = pytest.mark.django_db

BASE = "https://portale.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


def links_of(message) -> list[str]:
    """Every absolute URL in a message: body, HTML alternatives and text attachments (.ics)."""
    texts = [str(message.body)]
    texts += [content for content, _mime in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        content = attachment[1]
        texts.append(content.decode() if isinstance(content, bytes) else str(content))
    return [link for text in texts for link in URL.findall(text.replace("\r\n ", ""))]


def assert_links_use_base(messages) -> None:
    assert messages, "nessuna email inviata"
    wrong = [
        (m.subject, link)
        for m in messages
        for link in links_of(m)
        if link != BASE and not link.startswith(BASE + "/")
    ]
    assert not wrong, f"collegamenti che non usano PORTAL_BASE_URL: {wrong}"
    assert all(links_of(m) for m in messages), [m.subject for m in messages if not links_of(m)]


def test_password_reset_email_links_to_the_portal_address(world) -> None:
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": "partner.a@example.org"})
    assert len(mail.outbox) == 1
    assert_links_use_base(mail.outbox)


def test_consultation_confirmation_links_to_the_portal_address(
    world, django_capture_on_commit_callbacks
) -> None:
    edition = make_edition(
        slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION, by=world.users["staff"]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("bilancio_sociale:contribute", args=[edition.slug]),
            {
                "section_key": "citta",
                "text": "Più panchine al parco",
                "consent": "on",
                "email": "cittadina@example.org",
            },
        )
    assert len(mail.outbox) == 1
    assert_links_use_base(mail.outbox)


def test_newsletter_invitation_convocation_and_reminders_link_to_the_portal_address(
    world, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("agencies:newsletter_subscribe"),
            {"email": "lettore@example.org", "consent": "on"},
        )
        user_invite(email="nuovo@example.org", first_name="Nuovo")
        council = Consiglio.objects.get(slug="progetto")
        people = council_people(council, "link", members=1)
        meeting = future_meeting(council, people["president"])
        add_item(meeting, "Piano di zona")
        consigli_services.meeting_convene(meeting=meeting, by=people["president"])
    period = ReportingPeriod.objects.create(
        name="2030-H1", start=date(2030, 1, 1), end=date(2030, 6, 30), closes_on=date(2030, 6, 30)
    )
    record(world.org_b, title="bozza", status=ActivityStatus.DRAFT, rp=period)
    old = record(world.org_a, title="vecchia", status=ActivityStatus.SUBMITTED)
    ActivityRecord.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_period_closing_reminders(today=date(2030, 6, 25))
        assert send_review_reminders()
    subjects = " | ".join(str(m.subject) for m in mail.outbox)
    for expected in ("newsletter", "account", "Convocazione", "2030-H1", "revisione"):
        assert expected in subjects, subjects
    assert_links_use_base(mail.outbox)


def test_event_calendar_links_to_the_portal_address(world) -> None:
    start = timezone.now() + timedelta(days=3)
    Event.objects.create(
        title="Festa di quartiere",
        description="In piazza",
        start=start,
        end=start + timedelta(hours=2),
        location="Piazza Loggia",
        published=True,
    )
    response = Client().get(reverse("agencies:event_feed"))
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert any(str(e["summary"]) == "Festa di quartiere" for e in events)
    assert all(str(e["url"]).startswith(BASE + "/") for e in events)
