"""Participation during the consultation: who can comment, confirmation, moderation, answers."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bilancio_sociale import services
from bilancio_sociale.models import AuthorKind, Contribution, EditionStatus, Moderation, Outcome
from tests.bilancio_sociale.factories import make_edition

SCRIPT = '<script>alert("x")</script><b>grassetto</b>'


@pytest.fixture
def consultation(world):
    return make_edition(
        slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION, by=world.users["staff"]
    )


def _contribute(client, edition, **data):
    payload = {"section_key": "citta", "text": "Commento", "consent": "on", **data}
    return client.post(
        reverse("bilancio_sociale:contribute", args=[edition.slug]), payload, follow=True
    )


def test_citizen_confirms_by_email_then_staff_moderate_and_answer(
    consultation, world, django_capture_on_commit_callbacks
):
    citizen = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _contribute(
            citizen,
            consultation,
            text=SCRIPT,
            email="Cittadina@Example.org",
            display_name="Maria",
        )
    assert response.status_code == 200
    contribution = consultation.contributions.get()
    assert contribution.author_kind == AuthorKind.CITIZEN
    assert contribution.moderation == Moderation.UNCONFIRMED and contribution.consent_at
    assert contribution.text == SCRIPT  # stored as text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["cittadina@example.org"]
    found = re.search(r"http\S+/contributi/conferma/\S+/", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)

    staff = Client()
    staff.force_login(world.users["staff"])
    queue = staff.get(reverse("bilancio_sociale:moderation", args=[consultation.pk]))
    assert "grassetto" not in queue.content.decode()  # unconfirmed: not even in the queue

    assert citizen.get(link).status_code == 200
    contribution.refresh_from_db()
    assert contribution.moderation == Moderation.PENDING

    page = reverse("bilancio_sociale:consultation", args=[consultation.slug])
    assert "grassetto" not in Client().get(page).content.decode()  # not shown before moderation

    review = reverse("bilancio_sociale:contribution_review", args=[contribution.pk])
    html = staff.get(review).content.decode()
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script>alert" not in html
    )
    staff.post(review, {"form": "moderation", "decision": "publish"})
    # a declined or partly accepted contribution needs a reason
    bad = staff.post(review, {"form": "answer", "outcome": Outcome.DECLINED, "answer": ""})
    assert bad.status_code == 400 and "Spiega il motivo" in bad.content.decode()
    staff.post(
        review,
        {
            "form": "answer",
            "outcome": Outcome.DECLINED,
            "answer": "Fuori dal periodo rendicontato.",
        },
    )
    contribution.refresh_from_db()
    assert contribution.moderation == Moderation.PUBLISHED
    assert contribution.outcome == Outcome.DECLINED

    public = Client().get(page).content.decode()
    assert "&lt;script&gt;" in public and "<script>alert" not in public
    assert "Fuori dal periodo rendicontato." in public
    assert "Maria" not in public and "cittadina@example.org" not in public


def test_partner_and_council_member_comment_without_confirmation(consultation, world):
    for role, kind in (("partner_a", AuthorKind.PARTNER), ("council", AuthorKind.COUNCIL)):
        client = Client()
        client.force_login(world.users[role])
        _contribute(client, consultation, text=f"Commento di {role}")
        contribution = Contribution.objects.get(text=f"Commento di {role}")
        assert contribution.author_kind == kind
        assert contribution.moderation == Moderation.PENDING
    assert (
        consultation.contributions.get(author_kind=AuthorKind.PARTNER).organization == world.org_a
    )


def test_one_megabyte_comment_is_refused(consultation):
    response = _contribute(Client(), consultation, text="a" * 1_000_000, email="x@example.org")
    assert response.status_code == 400
    assert "Il testo è troppo lungo: al massimo 5000 caratteri" in response.content.decode()
    assert not consultation.contributions.exists()
    with pytest.raises(ValidationError, match="troppo lungo"):
        services.contribution_submit(
            edition=consultation,
            section_key="citta",
            text="a" * 1_000_000,
            email="x@example.org",
            consent=True,
        )


def test_consent_and_email_are_required_for_citizens(consultation):
    response = _contribute(Client(), consultation, consent="", email="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "devi accettare l&#x27;informativa privacy" in body
    assert "Indica la tua email" in body
    assert 'aria-describedby="id_consent_errors"' in body or "id_consent_errors" in body
    assert not consultation.contributions.exists()


def test_no_comments_outside_consultation(world):
    draft = make_edition(slug="bilancio-2019", year=2019, by=world.users["staff"])
    assert (
        Client().get(reverse("bilancio_sociale:contribute", args=[draft.slug])).status_code == 404
    )
    with pytest.raises(ValidationError, match="non è aperta"):
        services.contribution_submit(
            edition=draft, section_key="citta", text="x", email="x@example.org", consent=True
        )


def test_participation_section_counts_and_answers(consultation, world):
    from bilancio_sociale.registry import Period
    from bilancio_sociale.selectors import participation_figures

    staff = world.users["staff"]
    for i, outcome in enumerate((Outcome.ACCEPTED, Outcome.PARTLY, Outcome.DECLINED)):
        c = services.contribution_submit(
            edition=consultation,
            section_key="citta",
            text=f"Proposta {i}",
            user=world.users["partner_a"],
            consent=True,
        )
        services.contribution_moderate(contribution=c, publish=True, by=staff)
        services.contribution_answer(contribution=c, outcome=outcome, answer="Motivo", by=staff)
    data = participation_figures(Period(consultation.period_start, consultation.period_end))
    assert data is not None
    partner = next(r for r in data["summary"]["rows"] if r["_key"] == "partner")
    assert (
        partner["contributi"],
        partner["accolti"],
        partner["parziali"],
        partner["respinti"],
    ) == (3, 1, 1, 1)
    assert partner["persone"] == 1  # a count of people: suppressed as "< 5" when published
    assert [r["contributo"] for r in data["answers"]["rows"]] == [
        "Proposta 0",
        "Proposta 1",
        "Proposta 2",
    ]


def test_personal_data_are_purged_as_the_notice_says(consultation, world):
    from datetime import timedelta

    from django.utils import timezone

    from bilancio_sociale.models import Edition
    from bilancio_sociale.tasks import purge_contributors
    from tests.bilancio_sociale.factories import make_contribution, make_edition

    stale = make_contribution(consultation, moderation=Moderation.UNCONFIRMED, token="vecchio")
    fresh = make_contribution(consultation, moderation=Moderation.UNCONFIRMED, token="nuovo")
    Contribution.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=8))
    old = make_edition(slug="bilancio-2015", year=2015, by=world.users["staff"])
    answered = make_contribution(old, moderation=Moderation.PUBLISHED, text="Resta pubblico")
    Edition.objects.filter(pk=old.pk).update(
        status=EditionStatus.PUBLISHED, published_at=timezone.now() - timedelta(days=400)
    )
    result = purge_contributors()
    assert result["deleted"] >= 1 and result["erased"] == 1
    assert not Contribution.objects.filter(pk=stale.pk).exists()
    assert Contribution.objects.filter(pk=fresh.pk).exists()
    answered.refresh_from_db()
    assert answered.email == "" and answered.text == "Resta pubblico"
