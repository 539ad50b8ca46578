"""Workflow, validation, locking, corrections and history of activity records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cantieri import selectors, services
from cantieri.models import ActivityCorrection, ActivityRecord, ActivityStatus, TargetGroup
from cantieri.services import validate_activity

from .factories import item, period, quartiere_in, record

pytestmark = pytest.mark.django_db


def test_full_workflow_draft_submit_return_resubmit_approve(world) -> None:
    partner, staff = world.users["partner_a"], world.users["staff"]
    a = services.activity_create(organization=world.org_a, by=partner, item=item())
    assert a.status == ActivityStatus.DRAFT
    services.activity_submit(activity=a, by=partner)
    a.refresh_from_db()
    assert a.status == ActivityStatus.SUBMITTED and a.submitted_at
    with pytest.raises(ValidationError):
        services.activity_return(activity=a, by=staff, comment="  ")
    services.activity_return(activity=a, by=staff, comment="Età non coerenti")
    a.refresh_from_db()
    assert a.status == ActivityStatus.RETURNED and a.review_comment == "Età non coerenti"
    services.activity_update(activity=a, by=partner, item=item(title="Ginnastica corretta"))
    services.activity_submit(activity=a, by=partner)
    services.activity_approve(activity=a, by=staff)
    a.refresh_from_db()
    assert a.status == ActivityStatus.APPROVED and a.title == "Ginnastica corretta"


def test_partner_cannot_record_for_another_organization(world) -> None:
    with pytest.raises(PermissionDenied):
        services.activity_create(organization=world.org_a, by=world.users["partner_b"], item=item())


def test_partner_cannot_approve_and_staff_cannot_edit(world) -> None:
    a = record(world.org_a, title="X", status=ActivityStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.activity_approve(activity=a, by=world.users["partner_a"])
    d = record(world.org_a, title="Y")
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=d, by=world.users["staff"], item=item())


def test_only_approved_records_count_toward_indicators(world) -> None:
    from cantieri.models import Azione, Indicator

    ind = Indicator.objects.create(
        azione=Azione.objects.get(slug="poverta"),
        code="t-part",
        name="Partecipanti",
        kind="output",
        unit="persone",
        computation="participants",
    )
    record(world.org_a, title="a", status=ActivityStatus.APPROVED, total=7, azione="poverta")
    record(world.org_a, title="b", status=ActivityStatus.SUBMITTED, total=100, azione="poverta")
    record(world.org_b, title="c", status=ActivityStatus.DRAFT, total=100, azione="poverta")
    from cantieri import summary
    from cantieri.indicator_rules import indicator_figures

    summary.rebuild()
    assert indicator_figures([ind])[ind.pk].value == 7


def test_bulk_approve_only_visible_submitted(world) -> None:
    nord = record(world.org_a, title="n", status=ActivityStatus.SUBMITTED)
    sud = record(
        world.org_b, title="s", status=ActivityStatus.SUBMITTED, quartieri=[quartiere_in("sud")]
    )
    client = Client()
    client.force_login(world.users["staff_zone"])
    client.post(reverse("cantieri:review_bulk_approve"), {"ids": [nord.pk, sud.pk]})
    nord.refresh_from_db()
    sud.refresh_from_db()
    assert nord.status == ActivityStatus.APPROVED
    assert sud.status == ActivityStatus.SUBMITTED  # another zone: untouched
    assert nord.history.filter(status=ActivityStatus.APPROVED).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"participants_total": -1}, "participants_total", "negativo"),
        ({"age_30_64": 9}, "age_unknown", "fascia d'età"),
        ({"participants_female": 1}, "participants_sex_unknown", "Femmine"),
        ({"participants_new": 1}, "participants_returning", "Nuovi"),
        ({"participants_total": "dieci"}, "participants_total", "numero"),
        ({"volunteers": 0}, "volunteers", "volontari"),
        ({"title": ""}, "title", "obbligatorio"),
    ],
)
def test_validation_messages_at_the_field(reference, overrides, field, fragment) -> None:
    errors = validate_activity(item(**overrides))
    assert field in errors, errors
    assert fragment.lower() in " ".join(errors[field]).lower()


def test_validation_dates_and_location(reference) -> None:
    rp = period()
    errors = validate_activity(item(period_start=rp.end, period_end=rp.start))
    assert "precede" in errors["period_end"][0]
    errors = validate_activity(item(quartieri=[]))
    assert "quartieri" in errors
    outside = validate_activity(
        item(period_start=rp.start.replace(year=2018), period_end=rp.start.replace(year=2018))
    )
    assert "period_start" in outside


def test_target_group_cannot_exceed_total(reference) -> None:
    i = item(total=10)
    i.target_counts = {TargetGroup.objects.get(slug="anziani"): 11}
    errors = validate_activity(i)
    assert "più dei 10 totali" in errors["target_counts"][0]


def test_form_shows_errors_next_to_fields_and_saves_nothing(world) -> None:
    client = Client()
    client.force_login(world.users["partner_a"])
    rp = period()
    q = quartiere_in("nord")
    data = {
        "organization": world.org_a.pk,
        "title": "Laboratorio",
        "azione": 5,
        "kind": 1,
        "reporting_period": rp.pk,
        "period_start": "2019-03-01",
        "period_end": "2019-02-01",
        "quartieri": [q.pk, 99999],
        "participants_total": "abc",
        "dest-TOTAL_FORMS": 0,
        "dest-INITIAL_FORMS": 0,
        "fondi-TOTAL_FORMS": 0,
        "fondi-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("cantieri:activity_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Il quartiere «99999» non esiste." in body
    assert "Inserisci un numero." in body
    assert 'class="errorlist"' in body and "aria-invalid" in body
    assert not ActivityRecord.objects.filter(title="Laboratorio").exists()


def test_locked_period_refuses_changes_and_correction_reopens_review(world) -> None:
    partner, staff = world.users["partner_a"], world.users["staff"]
    rp = period()
    a = services.activity_create(organization=world.org_a, by=partner, item=item(rp=rp))
    services.activity_submit(activity=a, by=partner)
    services.activity_approve(activity=a, by=staff)
    services.period_lock(period=rp, by=staff)
    rp.refresh_from_db()
    # New records in a locked period are refused with a message at the field.
    with pytest.raises(ValidationError) as exc:
        services.activity_create(organization=world.org_a, by=partner, item=item(rp=rp))
    assert "chiuso" in exc.value.message_dict["reporting_period"][0]
    a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=a, by=partner, item=item(rp=rp, title="Nuovo"))
    with pytest.raises(ValidationError) as exc:
        services.activity_correct(activity=a, by=partner, reason="corto", item=item(rp=rp))
    assert "reason" in exc.value.message_dict
    correction = services.activity_correct(
        activity=a,
        by=partner,
        reason="Conteggio partecipanti rivisto con il registro",
        item=item(rp=rp, total=12),
    )
    a.refresh_from_db()
    assert a.status == ActivityStatus.SUBMITTED and a.participants_total == 12
    assert correction.requested_by == partner
    assert correction.changes["participants_total"] == [10, 12]
    assert ActivityCorrection.objects.filter(activity=a).count() == 1
    services.period_unlock(period=rp, by=staff)
    rp.refresh_from_db()
    assert not rp.is_locked


def test_partner_cannot_lock_periods(world) -> None:
    with pytest.raises(PermissionDenied):
        services.period_lock(period=period(), by=world.users["partner_a"])


def test_history_visible_to_staff_with_old_and_new_values(world) -> None:
    partner = world.users["partner_a"]
    a = services.activity_create(organization=world.org_a, by=partner, item=item())
    services.activity_update(activity=a, by=partner, item=item(title="Titolo nuovo"))
    client = Client()
    client.force_login(world.users["staff"])
    body = client.get(reverse("cantieri:activity_detail", args=[a.pk])).content.decode()
    assert "Storia delle modifiche" in body
    assert "Ginnastica dolce → Titolo nuovo" in body
    assert "Anna Alfa" in body
    client.force_login(partner)
    body = client.get(reverse("cantieri:activity_detail", args=[a.pk])).content.decode()
    assert "Storia delle modifiche" not in body


def test_visibility_rules(world) -> None:
    a_draft = record(world.org_a, title="bozza A")
    a_ok = record(world.org_a, title="ok A", status=ActivityStatus.APPROVED)
    b_sud = record(
        world.org_b, title="sud B", status=ActivityStatus.SUBMITTED, quartieri=[quartiere_in("sud")]
    )
    city = record(world.org_b, title="città B", status=ActivityStatus.SUBMITTED, city_wide=True)
    from django.contrib.auth.models import AnonymousUser

    mine = {a_draft.pk, a_ok.pk, b_sud.pk, city.pk}
    seen = {
        r: set(selectors.activities_visible_to(u or AnonymousUser()).filter(pk__in=mine))
        for r, u in world.users.items()
    }
    assert seen["anonymous"] == set()
    assert seen["partner_a"] == {a_draft, a_ok}
    assert seen["partner_b"] == {b_sud, city}
    assert seen["staff_zone"] == {a_draft, a_ok, city}  # Nord + city-wide
    assert seen["staff"] == {a_draft, a_ok, b_sud, city}
    assert seen["council"] == {a_ok}
