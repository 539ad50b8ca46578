"""Bilancio Sociale blocks (approved records only) and the demo seeder."""

from __future__ import annotations

import io
import random
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bilancio_sociale.registry import Period, get_section, preparations
from cantieri.models import (
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    Azione,
    Indicator,
    IndicatorTarget,
)
from citta_del_noi.core.seeding import DemoContext

from .factories import period, quartiere_in, record

pytestmark = pytest.mark.django_db

YEAR = Period(date(2019, 1, 1), date(2019, 12, 31))


def test_section_registered_with_blocks(reference) -> None:
    section = get_section("obiettivi-attivita")
    assert section is not None and section.order == 50
    keys = {b.key for b in section.blocks}
    assert {
        "per-cantiere",
        "per-destinatari",
        "per-zona",
        "output",
        "outcome",
        "indice-indicatori",
    } <= keys


def _block(key: str, when: Period = YEAR) -> Any:
    """What a snapshot does: run the preparations (the summary refresh), then the provider."""
    for prepare in preparations():
        prepare()
    section = get_section("obiettivi-attivita")
    assert section is not None
    return next(b for b in section.blocks if b.key == key).provider(when)


def test_a_record_in_two_zones_is_shared_and_zones_add_up(world) -> None:
    ActivityRecord.objects.all().delete()
    nord, sud = quartiere_in("nord"), quartiere_in("sud")
    record(
        world.org_a,
        title="due zone",
        status=ActivityStatus.APPROVED,
        total=30,
        quartieri=[nord, sud],
    )
    record(world.org_a, title="città", status=ActivityStatus.APPROVED, total=7, city_wide=True)
    zones = {r["_key"]: r for r in _block("per-zona")["rows"]}
    assert zones["nord"]["partecipanti"] == 15 and zones["sud"]["partecipanti"] == 15
    assert zones["nord"]["attivita"] == 1 and zones["sud"]["attivita"] == 1
    assert zones["citta"]["partecipanti"] == 7
    assert sum(r["partecipanti"] for r in zones.values()) == 37
    per_cantiere = _block("per-cantiere")
    assert per_cantiere["totals"]["attivita"] == 2
    assert per_cantiere["totals"]["partecipanti"] == 37


def test_a_period_belongs_to_the_edition_in_which_it_starts(world) -> None:
    ActivityRecord.objects.all().delete()
    h2 = period("2019-H2", date(2019, 7, 1), date(2019, 12, 31))
    record(world.org_a, title="h2", status=ActivityStatus.APPROVED, total=12, rp=h2)
    first_half = Period(date(2019, 1, 1), date(2019, 6, 30))
    assert _block("per-cantiere", first_half)["kind"] == "empty"
    assert _block("per-cantiere")["totals"]["partecipanti"] == 12


def test_blocks_read_the_summary_not_the_records(world, django_assert_max_num_queries) -> None:
    """Once the summary is refreshed (the snapshot's preparation), no block reads the activity
    table, and the blocks run the same queries with 3 and with 60 approved records."""
    section = get_section("obiettivi-attivita")
    assert section is not None
    activity_tables = (ActivityRecord._meta.db_table, ActivityTargetCount._meta.db_table)

    def queries_with(n: int) -> list[str]:
        ActivityRecord.objects.all().delete()
        for i in range(n):
            record(
                world.org_a,
                title=f"r{i}",
                status=ActivityStatus.APPROVED,
                quartieri=[quartiere_in(("nord", "sud", "est")[i % 3])],
            )
        for prepare in preparations():
            prepare()
        with CaptureQueriesContext(connection) as ctx:
            for block in section.blocks:
                block.provider(YEAR)
        return [q["sql"] for q in ctx.captured_queries]

    small, large = queries_with(3), queries_with(60)
    assert len(small) == len(large)
    assert not [sql for sql in large if any(f'"{t}"' in sql for t in activity_tables)]
    with django_assert_max_num_queries(len(small)):
        for block in section.blocks:
            block.provider(YEAR)


def test_blocks_count_only_approved_records(world) -> None:
    ActivityRecord.objects.all().delete()
    record(world.org_a, title="ok", status=ActivityStatus.APPROVED, total=30, azione="poverta")
    record(world.org_a, title="no", status=ActivityStatus.SUBMITTED, total=500, azione="poverta")
    data = _block("per-cantiere")
    row = next(r for r in data["rows"] if r["_key"] == "poverta")
    assert row["attivita"] == 1 and row["partecipanti"] == 30
    assert {c["key"]: c["type"] for c in data["columns"]}["partecipanti"] == "people"
    zones = _block("per-zona")
    nord = next(r for r in zones["rows"] if r["_key"] == "nord")
    assert nord["partecipanti"] == 30
    groups = _block("per-destinatari")
    assert groups["kind"] in ("empty", "table")


def test_indicator_blocks_say_reached_or_not(world) -> None:
    ActivityRecord.objects.all().delete()
    rp = period()
    ind = Indicator.objects.create(
        azione=Azione.objects.get(slug="poverta"),
        code="t-att",
        name="Attività",
        kind="output",
        unit="attività",
        computation="activities",
    )
    IndicatorTarget.objects.create(indicator=ind, reporting_period=rp, value=2)
    record(world.org_a, title="a", status=ActivityStatus.APPROVED, azione="poverta")
    row = next(r for r in _block("output")["rows"] if r["codice"] == "t-att")
    assert row["valore"] == 1 and row["obiettivo"] == 2 and row["esito"] == "non raggiunto"
    record(world.org_a, title="b", status=ActivityStatus.APPROVED, azione="poverta")
    row = next(r for r in _block("output")["rows"] if r["codice"] == "t-att")
    assert row["esito"] == "raggiunto"
    index = _block("indice-indicatori")
    assert any(r["codice"] == "t-att" for r in index["rows"])


def test_demo_seed_exact_count_and_idempotent(world) -> None:
    ActivityRecord.objects.all().delete()
    out = io.StringIO()
    ctx = DemoContext(rng=random.Random(3), stdout=out, activities=300)
    from cantieri import demo

    demo.seed(ctx)
    assert ActivityRecord.objects.count() == 300
    demo.seed(DemoContext(rng=random.Random(3), stdout=out, activities=300))
    assert ActivityRecord.objects.count() == 300
    # Every generated record satisfies the validation rules.
    from cantieri.services import ActivityInput, validate_activity

    for a in ActivityRecord.objects.prefetch_related("quartieri")[:100]:
        data = {f: getattr(a, f) for f in ActivityRecord.AGE_FIELDS}
        data.update({f.name: getattr(a, f.name) for f in ActivityRecord._meta.concrete_fields})
        data["reporting_period"] = a.reporting_period
        errors = validate_activity(
            ActivityInput(data=data, quartieri=list(a.quartieri.all())), allow_locked=True
        )
        assert not errors, errors
    statuses = set(ActivityRecord.objects.values_list("status", flat=True))
    assert ActivityStatus.APPROVED in statuses and ActivityStatus.SUBMITTED in statuses


def test_small_counts_of_people_in_the_real_blocks_are_protected(world) -> None:
    """Per-cantiere rows of an action for people with disabilities, and indicators that count
    people, go through disclosure control with the right threshold (10 for disability)."""
    from bilancio_sociale.disclosure import protect_block

    ActivityRecord.objects.all().delete()
    disabilita = Azione.objects.get(slug="disabilita")
    people = Indicator.objects.create(
        azione=disabilita,
        code="t-persone",
        name="Persone coinvolte",
        kind="output",
        unit="persone",
        computation="participants",
    )
    Indicator.objects.create(
        azione=disabilita,
        code="t-attivita",
        name="Attività svolte",
        kind="output",
        unit="attività",
        computation="activities",
    )
    record(world.org_a, title="d", status=ActivityStatus.APPROVED, total=7, azione="disabilita")
    record(world.org_a, title="p", status=ActivityStatus.APPROVED, total=40, azione="poverta")

    per_cantiere = protect_block(_block("per-cantiere"))
    rows = {r["_key"]: r for r in per_cantiere["rows"]}
    assert rows["disabilita"]["partecipanti"] == "< 10"  # 7 < 10: sensitive action
    # Secondary suppression: otherwise 7 = total - 40 could be recomputed from the column.
    assert rows["poverta"]["partecipanti"] == "n.d."
    assert per_cantiere["totals"]["partecipanti"] == 47

    outputs = {r["codice"]: r for r in protect_block(_block("output"))["rows"]}
    assert outputs[people.code]["valore"] == "< 10"
    assert outputs["t-attivita"]["valore"] == 1  # a count of activities, not of people


def test_indirect_beneficiaries_say_plainly_they_are_not_recorded(reference) -> None:
    block = _block("beneficiari-indiretti")
    assert block["kind"] == "empty"
    assert "non ancora rilevato" in block["note"]
