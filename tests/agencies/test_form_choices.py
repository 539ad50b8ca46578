"""The agencies' drop-downs and record numbers go through the viewer's selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse

from agencies import forms as f
from agencies import models as m
from agencies import rules
from agencies.models import Agency
from cantieri.models import ActivityStatus
from citta_del_noi.organizations.models import Organization
from tests.agencies import helpers as h
from tests.world import make_user

pytestmark = pytest.mark.django_db


def _finanza_client() -> Client:
    person = make_user("finanza.scelte@example.org")
    Agency.objects.get(slug="finanza").referents.add(person)
    client = Client()
    client.force_login(person)
    return client


def _line() -> m.BudgetLine:
    m.SourceAllocation.objects.create(source=h.source("comune"), year=2024, amount=Decimal("500"))
    return m.BudgetLine.objects.create(
        source=h.source("comune"), year=2024, description="Voce", amount=Decimal("100")
    )


def _post(client: Client, line: m.BudgetLine, number: int):
    return client.post(
        reverse("agencies:tool_create", args=["spese"]),
        {
            "budget_line": line.pk,
            "kind": "spesa",
            "date": "2024-05-01",
            "amount": "10",
            "description": "Acquisto",
            "activity_number": number,
        },
    )


def test_expenditure_cannot_cite_another_partners_draft_record(world) -> None:
    draft = h.activity(world.org_b, quartieri=[], city_wide=True, status=ActivityStatus.DRAFT)
    before = m.Expenditure.objects.count()
    response = _post(_finanza_client(), _line(), draft.pk)
    assert response.status_code == 200
    assert "Nessuna attività con questo numero" in response.content.decode()
    assert m.Expenditure.objects.count() == before


def test_expenditure_cites_an_approved_record(world) -> None:
    approved = h.activity(world.org_b, quartieri=[], city_wide=True)
    response = _post(_finanza_client(), _line(), approved.pk)
    assert response.status_code == 302
    assert m.Expenditure.objects.filter(activity=approved).exists()


def test_agreement_parties_offer_only_active_organisations(world) -> None:
    gone = Organization.objects.create(name="Chiusa", slug="chiusa", active=False)
    field = f.AgreementForm(scope=rules.tool_scope(world.users["staff"], "governance")).fields[
        "parties"
    ]
    assert isinstance(field, ModelChoiceField) and field.queryset is not None
    offered = set(field.queryset)
    assert world.org_a in offered and gone not in offered
