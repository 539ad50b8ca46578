"""A citizen who contributed to the consultation is emailed when the answer is published."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bilancio_sociale.models import EditionStatus, Outcome
from citta_del_noi.notifications.models import Notice
from tests.bilancio_sociale.factories import make_edition

pytestmark = pytest.mark.django_db

BASE = "https://portale.example.org"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def consultation(world):
    return make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.CONSULTATION, by=world.users["staff"]
    )


def _contribute(client, edition, **data):
    payload = {"section_key": "citta", "text": "Più panchine al parco Tarello", "consent": "on"}
    return client.post(
        reverse("bilancio_sociale:contribute", args=[edition.slug]), {**payload, **data}
    )


def _answer(staff, contribution, answer="Le panchine sono nel piano del 2020."):
    review = reverse("bilancio_sociale:contribution_review", args=[contribution.pk])
    staff.post(review, {"form": "moderation", "decision": "publish"})
    staff.post(review, {"form": "answer", "outcome": Outcome.PARTLY, "answer": answer})


def test_the_citizen_is_emailed_the_published_answer_once(
    consultation, world, django_capture_on_commit_callbacks
) -> None:
    citizen = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _contribute(citizen, consultation, email="cittadina@example.org")
    confirm = re.search(r"https://\S+/contributi/conferma/\S+/", str(mail.outbox[0].body))
    assert confirm is not None
    citizen.get(confirm.group(0).removeprefix(BASE))
    contribution = consultation.contributions.get()
    staff = Client()
    staff.force_login(world.users["staff"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _answer(staff, contribution)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cittadina@example.org"]
    assert "Risposta al tuo contributo" in message.subject and "Bilancio Sociale 2019" in (
        message.subject
    )
    assert "Accolto in parte" in message.body
    assert "Le panchine sono nel piano del 2020." in message.body
    assert "Più panchine al parco Tarello" in message.body
    link = f"{BASE}/bilancio-sociale/contributi/{contribution.pk}/"
    assert link in message.body
    assert all(
        link.startswith(BASE + "/") for link in re.findall(r"https?://\S+", str(message.body))
    )

    # the link leads to the public answer
    response = Client().get(link.removeprefix(BASE))
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("bilancio_sociale:consultation", args=[consultation.slug])
        + f"#contributo-{contribution.pk}"
    )
    page = Client().get(response["Location"]).content.decode()
    assert f'id="contributo-{contribution.pk}"' in page and "piano del 2020" in page

    # a corrected answer does not email the citizen a second time
    with django_capture_on_commit_callbacks(execute=True):
        _answer(staff, contribution, answer="Le panchine sono nel piano del 2021.")
    assert len(mail.outbox) == 1


def test_no_email_before_the_answer_is_public(
    consultation, world, django_capture_on_commit_callbacks
) -> None:
    partner = Client()
    partner.force_login(world.users["partner_a"])
    _contribute(partner, consultation)
    contribution = consultation.contributions.get()
    staff = Client()
    staff.force_login(world.users["staff"])
    review = reverse("bilancio_sociale:contribution_review", args=[contribution.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # answered but not yet published by moderation: not public, no email
        staff.post(review, {"form": "answer", "outcome": Outcome.ACCEPTED, "answer": "Grazie"})
    assert mail.outbox == []
    assert (
        Client()
        .get(reverse("bilancio_sociale:contribution_public", args=[contribution.pk]))
        .status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review, {"form": "moderation", "decision": "publish"})
    # a partner's referent gets the email once and finds it among their notices too
    assert [m.to for m in mail.outbox] == [["partner.a@example.org"]]
    notice = Notice.objects.get(
        recipient=world.users["partner_a"], kind="bilancio_sociale.answer_published"
    )
    assert notice.emailed_at is None  # not emailed a second time as a notice
    assert "Accolto" in notice.body
