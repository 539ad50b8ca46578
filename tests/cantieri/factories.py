"""Helpers to build activity records in tests (ORM directly for setup; services under test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cantieri.models import (
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    Azione,
    ReportingPeriod,
)
from cantieri.services import ActivityInput
from territori.models import Quartiere


def period(
    name: str = "2019-H1",
    start: date = date(2019, 1, 1),
    end: date = date(2019, 6, 30),
    locked: bool = False,
) -> ReportingPeriod:
    p, _ = ReportingPeriod.objects.get_or_create(
        name=name, defaults={"start": start, "end": end, "closes_on": end}
    )
    if locked and not p.locked_at:
        p.locked_at = timezone.now()
        p.save()
    return p


def quartiere_in(zona_slug: str) -> Quartiere:
    return Quartiere.objects.filter(zona__slug=zona_slug).order_by("name").first()  # type: ignore[return-value]


def figures(total: int = 10) -> dict[str, Any]:
    female = total // 2
    new = total - total // 3
    return {
        "participants_total": total,
        "participants_new": new,
        "participants_returning": total - new,
        "participants_female": female,
        "participants_male": total - female,
        "participants_sex_unknown": 0,
        "age_0_5": 0,
        "age_6_13": 0,
        "age_14_17": 0,
        "age_18_29": 0,
        "age_30_64": total,
        "age_65_79": 0,
        "age_80_plus": 0,
        "age_unknown": 0,
        "volunteers": 2,
        "volunteer_hours": Decimal("6"),
        "staff_hours": Decimal("4"),
        "in_kind_value": Decimal("0"),
    }


def item(
    *,
    rp: ReportingPeriod | None = None,
    quartieri: list | None = None,
    total: int = 10,
    **overrides: Any,
) -> ActivityInput:
    rp = rp or period()
    data: dict[str, Any] = {
        "azione": Azione.objects.get(slug="anziani"),
        "kind": ActivityKind.objects.get(slug="laboratorio"),
        "reporting_period": rp,
        "title": "Ginnastica dolce",
        "description": "",
        "period_start": rp.start,
        "period_end": rp.start,
        "city_wide": False,
        "punto_comunita": None,
        **figures(total),
        "in_kind_description": "",
        "spaces": "",
    }
    data.update(overrides)
    return ActivityInput(
        data=data,
        quartieri=quartieri if quartieri is not None else [quartiere_in("nord")],
    )


def record(
    org: Any,
    *,
    title: str,
    status: str = ActivityStatus.DRAFT,
    rp: ReportingPeriod | None = None,
    quartieri: list | None = None,
    city_wide: bool = False,
    total: int = 10,
    azione: str = "anziani",
) -> ActivityRecord:
    """A record created straight in the database (test setup, not the code under test)."""
    rp = rp or period()
    now = timezone.now()
    a = ActivityRecord.objects.create(
        organization=org,
        azione=Azione.objects.get(slug=azione),
        kind=ActivityKind.objects.get(slug="laboratorio"),
        reporting_period=rp,
        title=title,
        period_start=rp.start,
        period_end=rp.start,
        city_wide=city_wide,
        status=status,
        submitted_at=now if status != ActivityStatus.DRAFT else None,
        approved_at=now if status == ActivityStatus.APPROVED else None,
        review_comment="Da rivedere" if status == ActivityStatus.RETURNED else "",
        **figures(total),
    )
    if quartieri is None and not city_wide:
        quartieri = [quartiere_in("nord")]
    if quartieri:
        a.quartieri.set(quartieri)
    return a
