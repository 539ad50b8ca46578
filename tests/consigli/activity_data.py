"""Activity records for dashboard tests, created in bulk (no services: speed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cantieri.models import (
    ActivityFunding,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    Azione,
    ReportingPeriod,
)


def period(name: str, start: date, end: date) -> ReportingPeriod:
    return ReportingPeriod.objects.create(name=name, start=start, end=end, closes_on=end)


def record(
    org: Any,
    azione: Azione,
    rp: ReportingPeriod,
    *,
    quartieri: list = (),  # type: ignore[assignment]
    city_wide: bool = False,
    status: str = ActivityStatus.APPROVED,
    participants: int = 0,
    new: int = 0,
    volunteers: int = 0,
    vol_hours: float = 0,
    staff_hours: float = 0,
    in_kind: float = 0,
    targets: dict | None = None,
    funding: dict | None = None,
    punto: Any = None,
) -> ActivityRecord:
    rec = ActivityRecord.objects.create(
        organization=org,
        azione=azione,
        kind=ActivityKind.objects.first(),  # type: ignore[misc]
        reporting_period=rp,
        title="Attività",
        period_start=rp.start,
        period_end=rp.end,
        city_wide=city_wide,
        participants_total=participants,
        participants_new=new,
        volunteers=volunteers,
        volunteer_hours=Decimal(str(vol_hours)),
        staff_hours=Decimal(str(staff_hours)),
        in_kind_value=Decimal(str(in_kind)),
        status=status,
        punto_comunita=punto,
        approved_at=timezone.now() if status == ActivityStatus.APPROVED else None,
    )
    if quartieri:
        rec.quartieri.set(quartieri)
    for group, n in (targets or {}).items():
        ActivityTargetCount.objects.create(activity=rec, target_group=group, participants=n)
    for source, amount in (funding or {}).items():
        ActivityFunding.objects.create(activity=rec, source=source, amount=Decimal(str(amount)))
    return rec


def bulk_records(
    n: int, org: Any, rp: ReportingPeriod, quartieri: list, groups: list, sources: list
) -> None:
    """n approved records spread over actions and quartieri, each with a target count and a
    funding row (a few bulk inserts)."""
    azioni = list(Azione.objects.order_by("number"))
    kind = ActivityKind.objects.first()
    now = timezone.now()
    records = [
        ActivityRecord(
            organization=org,
            azione=azioni[i % len(azioni)],
            kind=kind,
            reporting_period=rp,
            title=f"Attività {i}",
            period_start=rp.start,
            period_end=rp.end,
            participants_total=10,
            participants_new=3,
            volunteers=2,
            volunteer_hours=Decimal("4.0"),
            status=ActivityStatus.APPROVED,
            approved_at=now,
        )
        for i in range(n)
    ]
    ActivityRecord.objects.bulk_create(records, batch_size=2000)
    ids = list(ActivityRecord.objects.filter(reporting_period=rp).values_list("pk", flat=True))
    through = ActivityRecord.quartieri.through
    through.objects.bulk_create(
        [
            through(activityrecord_id=pk, quartiere_id=quartieri[i % len(quartieri)].pk)
            for i, pk in enumerate(ids)
        ],
        batch_size=2000,
    )
    ActivityTargetCount.objects.bulk_create(
        [
            ActivityTargetCount(
                activity_id=pk, target_group=groups[i % len(groups)], participants=10
            )
            for i, pk in enumerate(ids)
        ],
        batch_size=2000,
    )
    ActivityFunding.objects.bulk_create(
        [
            ActivityFunding(activity_id=pk, source=sources[i % len(sources)], amount=Decimal("50"))
            for i, pk in enumerate(ids)
        ],
        batch_size=2000,
    )
