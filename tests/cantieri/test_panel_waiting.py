"""The reviewer's panel of the role home (cantieri/panel_selectors.py): how many records wait for
review, the oldest and how many per zone, read from the coverage groups (issue 14) with the
review queue's own rules: the viewer's visibility, and a record touches a zone through its
quartieri or its Punto Comunità (the queue's zone filter)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from cantieri import panel_selectors, selectors
from cantieri.models import ActivityRecord, ActivityStatus
from cantieri.selectors import ActivityFilters
from cantieri.zones import zone_q
from territori.models import PuntoComunita, Zona

from .factories import quartiere_in, record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the groups are PostgreSQL's"),
]


def _queue_by_zone(user) -> dict[str | None, int]:
    """What the review queue lists for each zone filter (and the records touching no zone)."""
    waiting = selectors.activities_visible_to(user).filter(status=ActivityStatus.SUBMITTED)
    out: dict[str | None, int] = {}
    for zona in Zona.objects.all():
        n = selectors.filter_activities(waiting, ActivityFilters(zona=zona)).count()
        if n:
            out[zona.name] = n
    return out


@pytest.fixture
def waiting(world):
    org = world.org_a
    submitted = ActivityStatus.SUBMITTED
    record(org, title="Nord", status=submitted, quartieri=[quartiere_in("nord")])
    record(
        org,
        title="Nord e Sud",
        status=submitted,
        quartieri=[quartiere_in("nord"), quartiere_in("sud")],
    )
    city = record(org, title="Cittadina", status=submitted, city_wide=True)
    punto = PuntoComunita.objects.create(
        name="Punto Comunità Est",
        slug="punto-est",
        quartiere=quartiere_in("est"),
        lead_organization=org,
    )
    only_punto = record(org, title="Solo Punto Est", status=submitted, quartieri=[])
    only_punto.punto_comunita = punto
    only_punto.save()
    record(org, title="Bozza", status=ActivityStatus.DRAFT)
    old = timezone.now() - timedelta(days=40)
    ActivityRecord.objects.filter(pk=city.pk).update(submitted_at=old)
    return world


@pytest.mark.parametrize("role", ["staff", "staff_zone"])
def test_waiting_counts_follow_the_review_queue(waiting, role) -> None:
    user = waiting.users[role]
    found = panel_selectors._waiting_counts(user)
    queue = selectors.activities_visible_to(user).filter(status=ActivityStatus.SUBMITTED)
    assert found["waiting"] == queue.count()
    assert found["oldest"] == queue.aggregate(m=Min("submitted_at"))["m"]
    by_zone = {row["zone"]: row["n"] for row in found["by_zone"]}
    assert {k: v for k, v in by_zone.items() if k is not None} == _queue_by_zone(user)
    # The records touching no zone (city-wide, or neither quartiere nor Punto) come first.
    nowhere = queue.exclude(zone_q(list(Zona.objects.values_list("pk", flat=True))))
    assert by_zone.get(None, 0) == nowhere.count() >= (1 if role == "staff" else 0)
    if found["by_zone"] and None in by_zone:
        assert found["by_zone"][0]["zone"] is None


def test_a_record_with_only_a_punto_counts_in_the_puntos_zone(waiting) -> None:
    by_zone = {
        r["zone"]: r["n"]
        for r in panel_selectors._waiting_counts(waiting.users["staff"])["by_zone"]
    }
    est = _queue_by_zone(waiting.users["staff"])["Est"]
    assert by_zone["Est"] == est >= 1
    # Staff limited to Nord see the record of Nord and Sud, in both zones.
    staff_zone = panel_selectors._waiting_counts(waiting.users["staff_zone"])
    assert "Sud" in {r["zone"] for r in staff_zone["by_zone"]}
