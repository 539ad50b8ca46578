"""Setup helpers for the agencies' tests (ORM for setup; services under test)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from agencies import models as m
from cantieri.models import (
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    Azione,
    FundingSource,
    ReportingPeriod,
    TargetGroup,
)


def period() -> ReportingPeriod:
    p, _c = ReportingPeriod.objects.get_or_create(
        name="2024",
        defaults={
            "start": date(2024, 1, 1),
            "end": date(2024, 12, 31),
            "closes_on": date(2025, 1, 31),
        },
    )
    return p


def activity(
    org: Any,
    *,
    quartieri: list,
    status: str = ActivityStatus.APPROVED,
    city_wide: bool = False,
    volunteers: int = 0,
    hours: str = "0",
    title: str = "Attività di prova",
) -> ActivityRecord:
    rec = ActivityRecord.objects.create(
        organization=org,
        azione=Azione.objects.order_by("number")[0],
        kind=ActivityKind.objects.order_by("pk")[0],
        reporting_period=period(),
        title=title,
        description="d",
        period_start=date(2024, 2, 1),
        period_end=date(2024, 5, 31),
        city_wide=city_wide,
        status=status,
        volunteers=volunteers,
        volunteer_hours=Decimal(hours),
    )
    rec.quartieri.set(quartieri)
    return rec


def need(*, quartieri: list, title: str = "Bisogno di prova", published: bool = True) -> m.Need:
    n = m.Need.objects.create(
        title=title,
        target_group=TargetGroup.objects.order_by("pk")[0],
        source=m.NeedSource.SURVEY,
        evidence="e",
        identified_on=date(2024, 3, 1),
        published=published,
    )
    n.quartieri.set(quartieri)
    return n


def source(slug: str) -> FundingSource:
    return FundingSource.objects.get(slug=slug)


def call(*, status: str = m.CallStatus.PUBLISHED, days: int = 10, budget: str = "100000") -> m.Call:
    c = m.Call.objects.create(
        title=f"Bando {status}",
        description="d",
        budget=Decimal(budget),
        deadline=timezone.now() + timedelta(days=days),
        status=status,
    )
    m.CallCriterion.objects.create(call=c, name="Qualità", weight=60, max_score=10, order=1)
    m.CallCriterion.objects.create(call=c, name="Rete", weight=40, max_score=5, order=2)
    return c
