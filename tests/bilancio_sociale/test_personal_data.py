"""Issue 11: consultation contributions and the staff's answers refuse personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bilancio_sociale.models import EditionStatus, Moderation
from tests.bilancio_sociale.factories import make_contribution, make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world):
    return make_edition(
        slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION, by=world.users["staff"]
    )


def test_contribution_with_a_codice_fiscale_is_refused(consultation, world) -> None:
    client = Client()
    client.force_login(world.users["partner_a"])
    response = client.post(
        reverse("bilancio_sociale:contribute", args=[consultation.slug]),
        {"section_key": "citta", "text": "Sono Mario Rossi RSSMRA80A01H501U", "consent": "on"},
    )
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "un codice fiscale (RSSMRA…501U)" in body and "solo dati aggregati" in body
    assert not consultation.contributions.exists()


def test_answer_with_personal_data_is_refused_at_the_field(consultation, world) -> None:
    contribution = make_contribution(consultation, moderation=Moderation.PUBLISHED)
    staff = Client()
    staff.force_login(world.users["staff"])
    review = reverse("bilancio_sociale:contribution_review", args=[contribution.pk])
    response = staff.post(
        review,
        {
            "form": "answer",
            "outcome": "declined",
            "answer": "Ne parliamo: scriva a mario.rossi@example.com o al 347 123 4567",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "un indirizzo email" in body and "un numero di telefono (347…67)" in body
    contribution.refresh_from_db()
    assert contribution.answer == "" and contribution.outcome == ""
