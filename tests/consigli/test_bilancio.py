"""The "Governance e partecipazione" section of the Bilancio Sociale."""

from __future__ import annotations

from datetime import date

import pytest

from bilancio_sociale.registry import Period, get_section
from consigli import services
from consigli.models import AttendanceStatus, Consiglio, DecisionStatus
from tests.consigli.factories import add_item, aware, council_people

pytestmark = pytest.mark.django_db


def test_governance_section_blocks(reference) -> None:
    section = get_section("governance")
    assert section is not None and section.order == 30
    assert [b.key for b in section.blocks][:3] == ["riunioni", "presenze", "decisioni"]
    council = Consiglio.objects.get(slug="indirizzo")
    people = council_people(council, "bs", members=2)  # 4 members
    seats = [people["president_seat"], people["secretary_seat"], *people["member_seats"]]
    for month in (3, 9):
        meeting = services.meeting_schedule(
            consiglio=council, title="R", starts_at=aware(2018, month, 1), by=None
        )
        item = add_item(meeting, "Punto")
        entries = [
            services.AttendanceEntry(member=s, status=AttendanceStatus.PRESENT) for s in seats[:3]
        ]
        entries.append(services.AttendanceEntry(member=seats[3], status=AttendanceStatus.ABSENT))
        services.attendance_record(meeting=meeting, entries=entries, by=None)
    decision = services.decision_record(
        agenda_item=item,
        by=None,
        data=services.DecisionInput(text="D", due_date=date(2018, 12, 1)),
    )
    services.decision_update_status(
        decision=decision, status=DecisionStatus.DONE, note="ok", by=None
    )
    period = Period(start=date(2018, 1, 1), end=date(2018, 12, 31))
    blocks = {b.key: b.provider(period) for b in section.blocks}
    meetings = {r["consiglio"]: r["riunioni"] for r in blocks["riunioni"]["rows"]}
    assert meetings[council.name] == 2
    (attendance,) = blocks["presenze"]["rows"]
    assert attendance["tasso"] == 75.0  # 6 present of 8 convened
    (decisions,) = blocks["decisioni"]["rows"]
    assert (decisions["total"], decisions["done"]) == (1, 1)
    empty = section.blocks[0].provider(Period(start=date(2010, 1, 1), end=date(2010, 12, 31)))
    assert empty["kind"] == "empty"
