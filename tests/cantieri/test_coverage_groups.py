"""Coverage groups (cantieri migration 0013, cantieri/coverage.py): the coverage page answers
from a few thousand grouped rows kept exact by triggers, and its figures are those of the
records for every viewer and filter, after every kind of write."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cantieri import selectors
from cantieri.coverage import coverage_rows_for
from cantieri.demo import Generator, bulk_insert
from cantieri.models import (
    ActivityRecord,
    ActivityStatus,
    Azione,
    CoverageGroup,
    CoverageOrgGroup,
)
from cantieri.selectors import ActivityFilters
from territori.models import PuntoComunita, Quartiere, Zona

from .factories import period, quartiere_in, record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the groups are PostgreSQL's"),
]

KEY = "azione_id, status, reporting_period_id, city_wide, zone_ids"


def _groups_match_records() -> None:
    """Both group tables hold exactly the records' counts (zero rows aside)."""
    for table, key in (
        ("cantieri_coveragegroup", KEY),
        ("cantieri_coverageorggroup", KEY + ", organization_id"),
    ):
        records = (
            f"SELECT {key}, count(*), sum(participants_total), sum(volunteers)"  # noqa: S608
            f" FROM cantieri_activityrecord GROUP BY {key}"
        )
        groups = f"SELECT {key}, n, p, v FROM {table} WHERE n <> 0 OR p <> 0 OR v <> 0"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"{records} EXCEPT {groups}")
            missing = cursor.fetchall()
            cursor.execute(f"{groups} EXCEPT {records}")
            extra = cursor.fetchall()
        assert (table, missing, extra) == (table, [], [])


def test_groups_follow_every_write_path(world) -> None:
    nord, sud = quartiere_in("nord"), quartiere_in("sud")
    a = record(world.org_a, title="Uno", quartieri=[nord], total=7)
    b = record(world.org_b, title="Due", status=ActivityStatus.APPROVED, quartieri=[nord, sud])
    record(world.org_a, title="Città", city_wide=True, status=ActivityStatus.SUBMITTED)
    _groups_match_records()
    # a save that changes a counted field, the status, the links, the Punto Comunità
    a.participants_total = 11
    a.status = ActivityStatus.SUBMITTED
    a.save()
    a.quartieri.set([sud])
    a.punto_comunita = PuntoComunita.objects.exclude(quartiere__zona__slug="sud").first()
    a.save()
    _groups_match_records()
    # a bulk update and a bulk delete, which send no signal
    ActivityRecord.objects.filter(pk=b.pk).update(status=ActivityStatus.RETURNED)
    ActivityRecord.objects.filter(title="Città").delete()
    _groups_match_records()
    # reference data: a quartiere moved to another zone moves its records' groups
    q = Quartiere.objects.get(pk=sud.pk)
    q.zona = Zona.objects.get(slug="ovest")
    q.save()
    _groups_match_records()
    # the bulk COPY path (demo, benchmark) and bulk_create
    gen = Generator(random.Random(7), [period()])
    gen.orgs = [world.org_a.pk, world.org_b.pk]
    bulk_insert(gen, 120)
    bulk_insert(gen, 30, with_history=True)
    _groups_match_records()
    assert CoverageGroup.objects.count() < ActivityRecord.objects.count()


def _cells(qs) -> dict:
    matrix = selectors.coverage_matrix(qs)
    out = {}
    for row in matrix["rows"]:
        for zone, cell in row["zones"]:
            out[(row["azione"].slug, zone.slug)] = (cell["n"], cell["p"])
        out[(row["azione"].slug, "city")] = (row["city"]["n"], row["city"]["p"])
        out[(row["azione"].slug, "total")] = (row["total"]["n"], row["total"]["p"])
    return out


def _from_records(user, f: ActivityFilters, *, own_only: bool = False):
    qs = selectors.aggregate_base_for(user)
    if own_only:
        qs = qs.filter(organization_id__in=world_orgs(user))
    return selectors.filter_activities(qs, f)


def world_orgs(user) -> list[int]:
    from citta_del_noi.accounts import roles  # noqa: PLC0415 - test helper

    return sorted(roles.partner_organization_ids(user))


def test_same_figures_as_the_records_for_every_viewer_and_filter(world) -> None:
    rng = random.Random(11)
    quartieri = list(Quartiere.objects.all())
    statuses = [s for s, _label in ActivityStatus.choices]
    azioni = list(Azione.objects.all())
    for i in range(80):
        city = rng.random() < 0.15
        record(
            rng.choice([world.org_a, world.org_b]),
            title=f"Caso {i}",
            status=rng.choice(statuses),
            quartieri=[] if city else rng.sample(quartieri, rng.randint(0, 3)),
            city_wide=city,
            total=rng.randint(0, 40),
            azione=rng.choice(azioni).slug,
        )
    zona = Zona.objects.get(slug="nord")
    azione = Azione.objects.get(slug="anziani")
    filters = [
        ActivityFilters(),
        ActivityFilters(zona=zona),
        ActivityFilters(azione=azione, status=ActivityStatus.APPROVED),
        ActivityFilters(organization=world.org_a),
        ActivityFilters(city_wide=True),
        ActivityFilters(reporting_period=period()),
    ]
    users = [world.users[r] for r in ("staff", "staff_zone", "partner_a", "council", "agency")]
    compared = 0
    for user in users:
        for f in filters:
            grouped = coverage_rows_for(user, f)
            assert grouped.model in (CoverageGroup, CoverageOrgGroup)
            assert _cells(grouped) == _cells(_from_records(user, f)), (user, f)
            own = coverage_rows_for(user, f, own_only=True)
            assert _cells(own) == _cells(_from_records(user, f, own_only=True)), (user, f)
            compared += 1
    assert compared == len(users) * len(filters)
    # Free text is not in the groups: the page groups the records.
    assert coverage_rows_for(world.users["staff"], ActivityFilters(q="Caso")).model is (
        ActivityRecord
    )


def test_the_page_reads_the_groups(world) -> None:
    record(
        world.org_a, title="Nord", status=ActivityStatus.APPROVED, quartieri=[quartiere_in("nord")]
    )
    client = Client()
    client.force_login(world.users["staff"])
    client.get(reverse("cantieri:coverage"))
    with connection.execute_wrapper(_no_record_scan):
        response = client.get(reverse("cantieri:coverage"))
    assert response.status_code == 200
    anziani = next(r for r in response.context["matrix"]["rows"] if r["azione"].slug == "anziani")
    assert anziani["total"]["n"] == ActivityRecord.objects.filter(azione=anziani["azione"]).count()


def _no_record_scan(execute, sql, params, many, context):
    """The coverage page never groups the activity table when groups can answer."""
    assert not ("cantieri_activityrecord" in sql and "GROUP BY" in sql), sql
    return execute(sql, params, many, context)


def test_cantiere_page_totals_from_the_groups(world) -> None:
    """The cantiere's public page shows its approved totals (records, participants, volunteers)
    summed from the groups: the same numbers as the records, drafts never counted."""
    from cantieri.coverage import approved_totals_of  # noqa: PLC0415 - the function under test

    anziani = Azione.objects.get(slug="anziani")
    record(world.org_a, title="Approvata", status=ActivityStatus.APPROVED, total=13)
    record(world.org_b, title="Bozza", total=50)
    approved = ActivityRecord.objects.filter(azione=anziani, status=ActivityStatus.APPROVED)
    expected = {
        "activities": approved.count(),
        "participants": sum(approved.values_list("participants_total", flat=True)),
        "volunteers": sum(approved.values_list("volunteers", flat=True)),
    }
    assert approved_totals_of(anziani) == expected
    with connection.execute_wrapper(_no_record_aggregate):
        response = Client().get(reverse("agencies:azione_page", args=[anziani.slug]))
    assert response.status_code == 200
    shown = [f["value"] for f in response.context["figures"]["figures"]]
    assert shown == [expected["activities"], expected["participants"], expected["volunteers"]]


def _no_record_aggregate(execute, sql, params, many, context):
    aggregate = "COUNT(" in sql or "SUM(" in sql
    assert not (aggregate and 'FROM "cantieri_activityrecord"' in sql), sql
    return execute(sql, params, many, context)
