"""People counts split across quartieri are whole numbers (largest remainder, issue 10 point 4).

A record's participants, new participants, volunteers and per-target-group participants are
split across its quartieri by the largest-remainder (Hamilton) rule: every quartiere gets the
whole part of count / n, and the count % n units left go one each to the quartieri whose turn
it is in the record's rotation of its quartieri (ordered by id, starting at position
record id % n). The parts are whole and add up exactly to the record's count; zones and the city
are sums of quartieri, so they add up too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bilancio_sociale.registry import Period, get_section, preparations
from cantieri import summary
from cantieri.models import (
    ActivityFact,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    ActivityTargetFact,
    TargetGroup,
)
from territori.models import Quartiere

from .factories import record

pytestmark = pytest.mark.django_db

YEAR = Period(date(2019, 1, 1), date(2019, 12, 31))


def _block(key: str) -> Any:
    for prepare in preparations():
        prepare()
    section = get_section("obiettivi-attivita")
    assert section is not None
    return next(b for b in section.blocks if b.key == key).provider(YEAR)


def _expected(count: int, n: int, record_id: int) -> list[int]:
    """The rule, by hand: parts per quartiere in id order."""
    base, extra = divmod(count, n)
    start = record_id % n  # the rotation: the record's first lucky quartiere (0-based)
    lucky = {(start + i) % n for i in range(extra)}
    return [base + (1 if j in lucky else 0) for j in range(n)]


def test_seven_participants_in_three_quartieri_are_3_2_2_and_add_up(world) -> None:
    ActivityRecord.objects.all().delete()
    nord = list(Quartiere.objects.filter(zona__slug="nord").order_by("id")[:2])
    sud = Quartiere.objects.filter(zona__slug="sud").order_by("id").first()
    assert sud is not None
    quartieri: list[Quartiere] = sorted([*nord, sud], key=lambda q: q.pk)
    # figures(7): 7 participants, 5 new, 2 volunteers
    rec = record(
        world.org_a,
        title="tre quartieri",
        status=ActivityStatus.APPROVED,
        total=7,
        quartieri=quartieri,
    )
    group = TargetGroup.objects.order_by("pk").first()
    assert group is not None
    ActivityTargetCount.objects.create(activity=rec, target_group=group, participants=4)
    summary.rebuild()

    facts = {f.quartiere_id: f for f in ActivityFact.objects.filter(quartiere__isnull=False)}
    ids = [q.pk for q in quartieri]
    got = [facts[i].participants for i in ids]
    assert got == _expected(7, 3, rec.pk)
    assert sorted(got) == [2, 2, 3]
    assert [facts[i].participants_new for i in ids] == _expected(5, 3, rec.pk)
    assert [facts[i].volunteers for i in ids] == _expected(2, 3, rec.pk)
    for i in ids:  # "di cui nuovi" never exceeds the participants of the same quartiere
        assert facts[i].participants_new <= facts[i].participants
    tfacts = {t.zona_id: t.participants for t in ActivityTargetFact.objects.all()}
    target_parts = _expected(4, 3, rec.pk)
    zona_nord, zona_sud = nord[0].zona_id, sud.zona_id

    def in_zone(parts: list, zona_id: int) -> float:
        return sum(p for p, q in zip(parts, quartieri, strict=True) if q.zona_id == zona_id)

    assert tfacts[zona_nord] == in_zone(target_parts, zona_nord)
    assert tfacts[zona_sud] == in_zone(target_parts, zona_sud)

    # the published blocks: whole numbers, zones add up to the city's total
    zones = {r["_key"]: r for r in _block("per-zona")["rows"]}
    expected_nord = in_zone(got, zona_nord)
    assert zones["nord"]["partecipanti"] == expected_nord
    assert zones["sud"]["partecipanti"] == 7 - expected_nord
    for row in zones.values():
        assert isinstance(row["partecipanti"], int) and isinstance(row["volontari"], int)
    per_cantiere = _block("per-cantiere")
    assert per_cantiere["totals"]["partecipanti"] == 7
    assert isinstance(per_cantiere["totals"]["volontari"], int)


def test_the_remainders_rotate_so_no_quartiere_always_gets_the_extra_unit(world) -> None:
    ActivityRecord.objects.all().delete()
    quartieri = list(Quartiere.objects.order_by("id")[:3])
    records = [
        record(
            world.org_a, title=f"r{i}", status=ActivityStatus.APPROVED, total=7, quartieri=quartieri
        )
        for i in range(3)
    ]
    summary.rebuild()
    per_q = {
        f.quartiere_id: f.participants for f in ActivityFact.objects.filter(quartiere__isnull=False)
    }
    # three records of 7 over the same 3 quartieri: 21 people, 7 each (the extra unit rotates)
    by_hand = [sum(col) for col in zip(*(_expected(7, 3, r.pk) for r in records), strict=True)]
    assert [per_q[q.pk] for q in quartieri] == by_hand == [7, 7, 7]
