"""Every drop-down of the agencies' tools lists its objects through a named choice selector,
for the viewer and the tool's agency: only what may be chosen today is offered, a value an
edited record already holds stays selectable, a forged id outside the scope is refused next to
the field in Italian."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import forms as f
from agencies import models as m
from agencies import rules
from agencies.models import Agency
from agencies.tools import NO_CREATE, TOOLS
from cantieri.models import ReportingPeriod
from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere
from tests.agencies import helpers as h
from tests.world import make_user

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "Scelta non disponibile: scegliere una voce dell'elenco."


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _offered(response, name: str) -> set[int]:
    field = response.context["form"].fields[name]
    return {int(value.value) for value, _label in field.choices if value}


def _inactive_org() -> Organization:
    return Organization.objects.create(
        name="Associazione Sciolta", slug="sciolta", legal_form="associazione", active=False
    )


def _closed_punto(world) -> PuntoComunita:
    return PuntoComunita.objects.create(
        name="Punto chiuso",
        slug="punto-chiuso",
        quartiere=Quartiere.objects.order_by("pk")[0],
        lead_organization=world.org_a,
        closed_on=date(2024, 6, 30),
    )


# --- one mechanism for every tool form ------------------------------------------------------


def test_every_drop_down_of_every_tool_comes_from_a_choice_selector(world) -> None:
    scope = rules.tool_scope(world.users["staff"], "governance")
    for key, tool in TOOLS.items():
        form = tool.form(scope=rules.tool_scope(world.users["staff"], tool.agency))
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField):
                assert name in form.choice_selectors, (key, name)
    assert scope.agency == "governance"


def test_a_tool_scope_is_only_for_an_agency_the_viewer_manages(world) -> None:
    referent = world.users["agency"]  # referent of "conoscenza"
    assert rules.tool_scope(referent, "conoscenza").viewer == referent
    with pytest.raises(PermissionDenied):
        rules.tool_scope(referent, "finanza")


# --- scope: active, open, own agency --------------------------------------------------------


def test_closed_punto_is_not_offered_but_an_edited_slot_keeps_it(world) -> None:
    closed = _closed_punto(world)
    staff = _client(world.users["staff"])
    offered = _offered(staff.get(reverse("agencies:tool_create", args=["orari-servizi"])), "punto")
    assert world.punto.pk in offered and closed.pk not in offered

    slot = m.OpeningSlot.objects.create(punto=closed, weekday=1, opens=time(9), closes=time(12))
    url = reverse("agencies:tool_edit", args=["orari-servizi", slot.pk])
    assert closed.pk in _offered(staff.get(url), "punto")
    data = {"punto": closed.pk, "weekday": 1, "opens": "09:00", "closes": "13:00"}
    assert staff.post(url, data).status_code == 302
    slot.refresh_from_db()
    assert slot.closes == time(13) and slot.punto == closed


def test_a_forged_closed_punto_is_refused_on_a_new_slot(world) -> None:
    closed = _closed_punto(world)
    response = _client(world.users["staff"]).post(
        reverse("agencies:tool_create", args=["orari-servizi"]),
        {"punto": closed.pk, "weekday": 1, "opens": "09:00", "closes": "12:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["punto"] == [OUT_OF_SCOPE]
    assert OUT_OF_SCOPE.replace("'", "&#x27;") in response.content.decode()
    assert not m.OpeningSlot.objects.filter(punto=closed).exists()


def test_inactive_service_unit_is_not_offered(world) -> None:
    response = _client(world.users["agency"]).get(
        reverse("agencies:tool_create", args=["orari-servizi"])
    )
    offered = _offered(response, "unit")
    assert world.finder_unit.pk in offered and world.finder_hidden.pk not in offered


def test_inactive_organisation_is_not_offered_and_a_forged_one_is_refused(world) -> None:
    gone = _inactive_org()
    staff = _client(world.users["staff"])
    url = reverse("agencies:tool_create", args=["personale"])
    offered = _offered(staff.get(url), "organization")
    assert world.org_a.pk in offered and gone.pk not in offered
    data = {
        "organization": gone.pk,
        "reporting_period": h.period().pk,
        "role": m.StaffRole.choices[0][0],
        "contract_type": m.ContractType.choices[0][0],
        "sex": m.Sex.choices[0][0],
        "age_band": m.StaffAgeBand.choices[0][0],
        "people": 2,
        "hours": "10",
    }
    response = staff.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [OUT_OF_SCOPE]
    assert not m.StaffEntry.objects.exists()
    assert staff.post(url, {**data, "organization": world.org_a.pk}).status_code == 302


def test_an_edited_record_keeps_an_organisation_that_is_no_longer_active(world) -> None:
    gone = _inactive_org()
    call = world.volunteer_call
    m.VolunteerCall.objects.filter(pk=call.pk).update(organization=gone)
    staff = _client(world.users["staff"])
    url = reverse("agencies:tool_edit", args=["ricerche-volontari", call.pk])
    assert gone.pk in _offered(staff.get(url), "organization")
    data = {
        "organization": gone.pk,
        "title": "Cerchiamo ancora volontari",
        "description": "d",
        "contact_email": "vol@example.org",
        "open_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "published": "on",
    }
    assert staff.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.title == "Cerchiamo ancora volontari" and call.organization == gone
    # Another inactive organisation is still refused on the same record.
    other = Organization.objects.create(
        name="Altra sciolta", slug="altra-sciolta", legal_form="associazione", active=False
    )
    response = staff.post(url, {**data, "organization": other.pk})
    assert response.context["form"].errors["organization"] == [OUT_OF_SCOPE]


def test_an_edited_agreement_keeps_a_party_that_is_no_longer_active(world) -> None:
    gone = _inactive_org()
    agreement = m.Agreement.objects.create(
        kind=m.AgreementKind.choices[0][0], title="Patto", object="o", valid_from=date(2024, 1, 1)
    )
    agreement.parties.set([world.org_a, gone])
    staff = _client(world.users["staff"])
    new = _offered(staff.get(reverse("agencies:tool_create", args=["accordi"])), "parties")
    assert gone.pk not in new
    url = reverse("agencies:tool_edit", args=["accordi", agreement.pk])
    assert gone.pk in _offered(staff.get(url), "parties")
    data = {
        "kind": agreement.kind,
        "title": "Patto rinnovato",
        "object": "o",
        "parties": [world.org_a.pk, gone.pk],
        "valid_from": "2024-01-01",
    }
    assert staff.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Patto rinnovato"
    assert set(agreement.parties.all()) == {world.org_a, gone}


def test_records_of_another_agency_are_not_offered(world) -> None:
    """Calls, objectives, courses, service units and budget lines are kept by one agency's
    tools: a form built for another agency offers none of them."""
    staff = world.users["staff"]
    referent = world.users["agency"]  # conoscenza
    m.TrainingCourse.objects.create(title="Corso", start=date(2024, 1, 1))
    own = {
        ("criteri", "call"): "finanza",
        ("tappe", "objective"): "governance",
        ("sessioni", "course"): "risorse-umane",
        ("orari-servizi", "unit"): "conoscenza",
    }
    for (key, name), agency in own.items():
        form = TOOLS[key].form(scope=rules.tool_scope(staff, agency))
        assert form.fields[name].queryset.exists(), key
        elsewhere = "comunicazione" if agency != "comunicazione" else "finanza"
        form = TOOLS[key].form(scope=rules.tool_scope(staff, elsewhere))
        assert not form.fields[name].queryset.exists(), key
    field = f.CallCriterionForm(scope=rules.tool_scope(referent, "conoscenza")).fields["call"]
    assert isinstance(field, ModelChoiceField) and field.queryset is not None
    assert not field.queryset.exists()


def test_criteria_are_offered_only_for_calls_in_draft(world) -> None:
    response = _client(world.users["staff"]).get(reverse("agencies:tool_create", args=["criteri"]))
    offered = _offered(response, "call")
    assert world.call_draft.pk in offered and world.call_open.pk not in offered


def test_a_criterion_of_a_published_call_is_not_kept_editable(world) -> None:
    """The only scope an edited record does not keep: a criterion changes only while its call
    is a draft (the rule of the ranking)."""
    staff = _client(world.users["staff"])
    url = reverse("agencies:tool_edit", args=["criteri", world.criterion.pk])
    data = {"call": world.call_open.pk, "name": "Altro", "weight": 50, "max_score": 10, "order": 0}
    response = staff.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["call"] == [
        "I criteri si modificano solo finché il bando è in bozza."
    ]
    world.criterion.refresh_from_db()
    assert world.criterion.name == "Qualità"


def test_a_forged_call_of_another_state_is_refused_on_a_new_criterion(world) -> None:
    finanza = make_user("finanza.criteri@example.org")
    Agency.objects.get(slug="finanza").referents.add(finanza)
    response = _client(finanza).post(
        reverse("agencies:tool_create", args=["criteri"]),
        {"call": world.call_closed.pk, "name": "N", "weight": 10, "max_score": 5, "order": 0},
    )
    assert response.status_code == 200
    assert "call" in response.context["form"].errors
    assert not m.CallCriterion.objects.filter(call=world.call_closed).exists()


# --- order ------------------------------------------------------------------------------------


def test_reporting_periods_newest_first_and_organisations_by_name(world) -> None:
    ReportingPeriod.objects.create(
        name="2023", start=date(2023, 1, 1), end=date(2023, 12, 31), closes_on=date(2024, 1, 31)
    )
    h.period()
    response = _client(world.users["staff"]).get(
        reverse("agencies:tool_create", args=["volontari"])
    )
    periods = [p.start for p in response.context["form"].fields["reporting_period"].queryset]
    assert periods == sorted(periods, reverse=True) and len(periods) >= 2
    names = [o.name for o in response.context["form"].fields["organization"].queryset]
    assert names == sorted(names)


def test_budget_line_agencies_in_their_order(world) -> None:
    response = _client(world.users["staff"]).get(reverse("agencies:tool_create", args=["bilancio"]))
    agencies = list(response.context["form"].fields["agency"].queryset)
    assert [a.order for a in agencies] == sorted(a.order for a in agencies)
    assert len(agencies) == Agency.objects.count()


def test_expenditure_budget_lines_still_offered_to_finanza(world) -> None:
    m.SourceAllocation.objects.create(source=h.source("comune"), year=2024, amount=Decimal("9"))
    line = m.BudgetLine.objects.create(
        source=h.source("comune"), year=2024, description="Voce", amount=Decimal("5")
    )
    response = _client(world.users["staff"]).get(reverse("agencies:tool_create", args=["spese"]))
    assert line.pk in _offered(response, "budget_line")


# --- queries ----------------------------------------------------------------------------------

# Staff on each tool's "new record" form: 9 for the page, then one per drop-down (the scoped
# choice selectors add none), whatever the data.
FORM_PINS: dict[str, int] = {
    "accordi": 11,
    "bandi": 10,
    "biblioteca": 9,
    "bilancio": 12,
    "bisogni": 11,
    "campagne": 9,
    "corsi": 9,
    "criteri": 10,
    "destinatari-mappa": 9,
    "eventi": 10,
    "newsletter": 9,
    "notizie": 9,
    "obiettivi": 10,
    "orari-servizi": 11,
    "partecipazioni": 11,
    "personale": 11,
    "portatori": 10,
    "raccolte": 9,
    "ricerche-volontari": 11,
    "servizi": 12,
    "sessioni": 10,
    "spese": 10,
    "stanziamenti": 10,
    "tappe": 11,
    "tavoli": 11,
    "volontari": 11,
}


@pytest.mark.parametrize("key", sorted(set(TOOLS) - NO_CREATE))
def test_tool_forms_are_pinned(world, key, django_assert_num_queries) -> None:
    client = _client(world.users["staff"])
    with django_assert_num_queries(FORM_PINS[key]):
        assert client.get(reverse("agencies:tool_create", args=[key])).status_code == 200
