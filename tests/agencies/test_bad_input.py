"""Each bad input of issue 5 is refused with an Italian message and nothing is saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import forms as f
from agencies import models as m
from agencies import rules, services
from citta_del_noi.organizations.services import membership_add
from tests.agencies import helpers as h

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_budget_lines_cannot_exceed_source_total(world) -> None:
    comune = h.source("comune")
    m.SourceAllocation.objects.create(source=comune, year=2024, amount=Decimal("1000"))
    client = _client(world.users["staff"])
    url = reverse("agencies:tool_create", args=["bilancio"])
    data = {"source": comune.pk, "year": 2024, "description": "Voce A", "amount": "800"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "description": "Voce B", "amount": "300"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "supererebbero il totale della fonte" in body
    assert "restano disponibili 200,00" in body
    assert m.BudgetLine.objects.count() == 1


def test_budget_line_without_allocation_is_refused(world) -> None:
    form = f.BudgetLineForm(
        {"source": h.source("donazioni").pk, "year": 2030, "description": "x", "amount": "1"},
        scope=rules.tool_scope(world.users["staff"], "finanza"),
    )
    assert not form.is_valid()
    assert "non è registrato uno stanziamento" in str(form.errors)


def test_expenditure_without_budget_line(world) -> None:
    client = _client(world.users["staff"])
    response = client.post(
        reverse("agencies:tool_create", args=["spese"]),
        {
            "kind": "spesa",
            "date": "2024-05-01",
            "amount": "10",
            "description": "Acquisto",
        },
    )
    assert response.status_code == 200
    assert "deve essere collegato a una voce di bilancio" in response.content.decode()
    assert not m.Expenditure.objects.exists()


def test_application_after_deadline(world) -> None:
    c = h.call(days=1)
    m.Call.objects.filter(pk=c.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client = _client(world.users["partner_b"])
    response = client.post(
        reverse("agencies:call_apply", args=[c.pk]),
        {
            "organization": world.org_b.pk,
            "title": "Tardi",
            "summary": "s",
            "requested_amount": "1000",
        },
    )
    assert response.status_code == 400
    assert "Il termine per presentare domanda è scaduto" in response.content.decode()
    assert not m.Application.objects.filter(call=c).exists()


def test_volunteer_interest_without_consent(world) -> None:
    response = Client().post(
        reverse("agencies:volunteer_call_detail", args=[world.volunteer_call.pk]),
        {"name": "Mario Rossi", "email": "mario@example.org"},
    )
    assert response.status_code == 400
    assert "serve il consenso al trattamento dei dati" in response.content.decode()
    assert not m.VolunteerInterest.objects.exists()
    with pytest.raises(ValidationError):
        services.interest_submit(
            call=world.volunteer_call,
            data={"name": "x", "email": "x@example.org", "consent": False},
        )


def test_need_with_nonexistent_quartiere(world) -> None:
    client = _client(world.users["agency"])
    response = client.post(
        reverse("agencies:tool_create", args=["bisogni"]),
        {
            "title": "Nuovo bisogno",
            "target_group": world.need.target_group_id,
            "quartieri": [999999],
            "source": "indagine",
            "evidence": "e",
            "identified_on": "2024-03-01",
            "reason": "da_valutare",
        },
    )
    assert response.status_code == 200
    assert "Il quartiere indicato non esiste." in response.content.decode()
    assert not m.Need.objects.filter(title="Nuovo bisogno").exists()


def test_evaluator_of_own_organisation_is_refused(world) -> None:
    staff = world.users["staff"]
    with pytest.raises(ValidationError) as exc:
        services.evaluator_assign(
            application=world.application, evaluator=world.users["partner_a"], by=staff
        )
    assert "Conflitto di interessi" in str(exc.value)
    # a member who joins the applicant organisation after being assigned cannot score
    evaluator = world.users["council"]
    membership_add(user=evaluator, organization=world.org_a)
    with pytest.raises(ValidationError) as exc:
        services.scores_save(
            assignment=world.assignment, by=evaluator, scores={world.criterion.pk: (5, "")}
        )
    assert "Conflitto di interessi" in str(exc.value)
    assert not m.Score.objects.exists()


def test_evaluator_conflict_shown_on_manage_page(world) -> None:
    client = _client(world.users["staff"])
    response = client.post(
        reverse("agencies:call_assign", args=[world.call_open.pk]),
        {
            "application": world.application.pk,
            "email": world.users["partner_a"].email,
        },
    )
    assert response.status_code == 400
    assert "Conflitto di interessi" in response.content.decode()
    assert not m.EvaluatorAssignment.objects.filter(evaluator=world.users["partner_a"]).exists()


def test_score_above_maximum(world) -> None:
    client = _client(world.users["council"])
    response = client.post(
        reverse("agencies:evaluation_score", args=[world.assignment.pk]),
        {f"c{world.criterion.pk}": "11"},
    )
    assert response.status_code == 400
    assert "Il punteggio massimo per questo criterio è 10" in response.content.decode()
