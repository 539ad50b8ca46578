"""Partners' activity records through the API: same form rules, same services, same selector."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cantieri.models import ActivityRecord, ActivityStatus
from tests.cantieri.factories import period, record

from .helpers import bearer, call, payload

pytestmark = pytest.mark.django_db

LIST = reverse("api:activity-list")


def _detail(pk: int) -> str:
    return reverse("api:activity-detail", kwargs={"pk": pk})


def test_partner_creates_and_submits_with_a_token_and_cannot_touch_another_org(world) -> None:
    _row, token = bearer(world.user("partner_a"))
    response = call("post", LIST, token, payload(world.org_a))
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    saved = ActivityRecord.objects.get(pk=pk)
    assert saved.organization == world.org_a
    assert saved.status == ActivityStatus.DRAFT
    assert saved.created_by == world.user("partner_a")

    response = call("post", reverse("api:activity-submit", kwargs={"pk": pk}), token)
    assert response.status_code == 200
    assert response.json()["status"] == ActivityStatus.SUBMITTED
    saved.refresh_from_db()
    assert saved.status == ActivityStatus.SUBMITTED

    other = record(world.org_b, title="Beta bozza")
    assert call("get", _detail(other.pk), token).status_code == 404
    assert call("patch", _detail(other.pk), token, {"title": "Presa"}).status_code == 404
    submit_other = reverse("api:activity-submit", kwargs={"pk": other.pk})
    assert call("post", submit_other, token).status_code == 404
    other.refresh_from_db()
    assert (other.title, other.status) == ("Beta bozza", ActivityStatus.DRAFT)


def test_partner_cannot_create_for_another_organisation(world) -> None:
    _row, token = bearer(world.user("partner_a"))
    before = ActivityRecord.objects.count()
    response = call("post", LIST, token, payload(world.org_b))
    assert response.status_code == 400
    assert "organization" in response.json()
    assert ActivityRecord.objects.count() == before


def test_the_list_shows_only_what_the_page_shows(world) -> None:
    mine = record(world.org_a, title="Alfa bozza")
    theirs = record(world.org_b, title="Beta bozza")
    _row, token = bearer(world.user("partner_a"))
    ids = {r["id"] for r in call("get", LIST, token).json()["results"]}
    assert mine.pk in ids and theirs.pk not in ids


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"participants_total": "-3"}, "participants_total"),
        ({"title": '=HYPERLINK("http://x")'}, "title"),
        ({"period_end": "2018-01-01"}, None),
    ],
    ids=["negative-count", "formula-start", "end-before-start"],
)
def test_what_the_form_refuses_the_api_refuses(world, override, field) -> None:
    _row, token = bearer(world.user("partner_a"))
    before = ActivityRecord.objects.count()
    response = call("post", LIST, token, payload(world.org_a, **override))
    assert response.status_code == 400
    body = response.json()
    if field:
        assert field in body and body[field]
    assert ActivityRecord.objects.count() == before


def test_a_closed_period_is_refused_as_in_the_form(world) -> None:
    closed = period("2018-H1", locked=True)
    before = ActivityRecord.objects.count()
    _row, token = bearer(world.user("partner_a"))
    body = payload(
        world.org_a,
        reporting_period=closed.pk,
        period_start=closed.start.isoformat(),
        period_end=closed.start.isoformat(),
    )
    response = call("post", LIST, token, body)
    assert response.status_code == 400
    assert "chius" in response.content.decode()
    assert ActivityRecord.objects.count() == before


def test_update_goes_through_the_form_and_keeps_other_fields(world) -> None:
    draft = record(world.org_a, title="Alfa bozza")
    _row, token = bearer(world.user("partner_a"))
    response = call("patch", _detail(draft.pk), token, {"title": "Alfa rinominata"})
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.title == "Alfa rinominata"
    assert draft.participants_total == 10
    response = call("patch", _detail(draft.pk), token, {"volunteers": "-1"})
    assert response.status_code == 400
    assert "volunteers" in response.json()


def test_session_writes_still_need_the_csrf_token(world) -> None:
    before = ActivityRecord.objects.count()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user("partner_a"))
    response = strict.post(LIST, data=payload(world.org_a), content_type="application/json")
    assert response.status_code == 403
    assert ActivityRecord.objects.count() == before


def test_filters_are_validated(world) -> None:
    _row, token = bearer(world.user("partner_a"))
    assert call("get", LIST + "?periodo=abc", token).status_code == 400
    assert call("get", LIST + "?stato=nessuno", token).status_code == 400
    record(world.org_a, title="Alfa approvata", status=ActivityStatus.APPROVED)
    rows = call("get", LIST + "?stato=approved", token).json()["results"]
    assert rows and all(r["status"] == "approved" for r in rows)


def test_activity_list_runs_a_bounded_number_of_queries(world, django_assert_num_queries) -> None:
    for i in range(30):
        record(world.org_a, title=f"Alfa {i}")
    _row, token = bearer(world.user("partner_a"))
    call("get", LIST, token)  # warm the token's last use
    with django_assert_num_queries(9):
        response = call("get", LIST + "?page_size=20", token)
    assert len(response.json()["results"]) == 20
    assert "count" not in response.json()  # cursor pagination: no COUNT(*) of the table


def test_public_azioni_need_no_login(reference) -> None:
    response = call("get", reverse("api:azione-list"))
    assert response.status_code == 200
    numbers = [a["number"] for a in response.json()["results"]]
    assert numbers == sorted(numbers) and 2 in numbers
    assert call("post", reverse("api:azione-list"), None, {"number": 9}).status_code in (401, 405)
