"""/attivita/copertura/ caches its cells on the exact query and the activity data's version
(cantieri/coverage_cache.py): a repeated page skips the grouped query, yet every write shows on
the next request and two scopes never share an entry."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cantieri import selectors
from cantieri.models import ActivityRecord, ActivityStatus

from .factories import quartiere_in, record


def _total(user, **query: str) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("cantieri:coverage"), query)
    assert response.status_code == 200
    row = next(r for r in response.context["matrix"]["rows"] if r["azione"].slug == "anziani")
    return row["total"]


def test_a_write_shows_on_the_next_request(world, django_capture_on_commit_callbacks) -> None:
    staff = world.users["staff"]
    nord = quartiere_in("nord")
    first = record(world.org_a, title="Uno", status=ActivityStatus.APPROVED, quartieri=[nord])
    before = _total(staff)
    assert _total(staff) == before  # from the cache
    record(world.org_a, title="Tre", status=ActivityStatus.APPROVED, quartieri=[nord], total=1)
    assert _total(staff) == {"n": before["n"] + 1, "p": before["p"] + 1}
    first.participants_total = 20
    first.save()
    assert _total(staff) == {"n": before["n"] + 1, "p": before["p"] + 11}
    # A deletion moves neither the highest id nor the latest update: the counter does.
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert _total(staff) == {"n": before["n"], "p": before["p"] - 9}


def test_scopes_and_filters_do_not_share_an_entry(world) -> None:
    sud = quartiere_in("sud")
    record(world.org_b, title="Sud", status=ActivityStatus.APPROVED, quartieri=[sud])
    record(world.org_b, title="Bozza sud", quartieri=[sud])
    anziani = ActivityRecord.objects.filter(azione__slug="anziani")
    assert _total(world.users["staff"])["n"] == anziani.count()
    # The zone-limited staff member sees only the zone's records (and the city-wide ones).
    staff_zone = world.users["staff_zone"]
    visible = selectors.activities_visible_to(staff_zone).filter(azione__slug="anziani")
    assert _total(staff_zone)["n"] == visible.count() < anziani.count()
    approved = anziani.filter(status=ActivityStatus.APPROVED).count()
    assert _total(world.users["staff"], status=ActivityStatus.APPROVED)["n"] == approved
    # Non-staff read approved records only, whatever staff's entry holds.
    assert _total(world.users["council"])["n"] == approved < anziani.count()


def test_a_repeated_page_skips_the_grouped_query(world, django_assert_num_queries) -> None:
    record(
        world.org_a, title="Nord", status=ActivityStatus.APPROVED, quartieri=[quartiere_in("nord")]
    )
    client = Client()
    client.force_login(world.users["staff"])
    # Free text: the page groups the records (coverage groups cannot answer a title filter).
    with django_assert_num_queries(17):
        client.get(reverse("cantieri:coverage"), {"q": "Nord"})
    with django_assert_num_queries(12):  # and the filters' options from their cache
        client.get(reverse("cantieri:coverage"), {"q": "Nord"})
