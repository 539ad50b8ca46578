"""Welfare map by year (Bilancio Sociale: "Le risorse in campo"): public aggregates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ..models import (
    SPENDING_SOURCES,
    ServiceUnitYear,
    WelfareTargetGroup,
)
from .base import ZERO

# --- welfare map by year (Bilancio Sociale: "Le risorse in campo") ---------------------------
# Public aggregates: the welfare map is public, and people counts leave only through the
# Bilancio's blocks, which pass the disclosure control.


def welfare_target_groups() -> list[WelfareTargetGroup]:
    return list(WelfareTargetGroup.objects.order_by("order", "label"))


def welfare_target_group_codes() -> QuerySet[WelfareTargetGroup, str]:
    """The codes a destinatari filter may name (lazy: read only when a filter is given)."""
    return WelfareTargetGroup.objects.values_list("code", flat=True)


def welfare_map_years(*, up_to: int, count: int = 3) -> list[int]:
    """The most recent `count` years of the map up to `up_to` that have data, oldest first."""
    years = (
        ServiceUnitYear.objects.filter(year__lte=up_to, year__gt=up_to - count)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return list(years)


def welfare_units_by_group(*, years: list[int]) -> list[dict[str, Any]]:
    """Per year and target group: units, known users and places, spending (one query)."""
    return list(
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year", "target_group_id")
        .annotate(
            units=Count("pk"),
            users_sum=Sum("users"),
            units_with_users=Count("users"),
            places_sum=Sum("places"),
        )
        .order_by("year", "target_group_id")
    )


def welfare_providers_by_form(*, years: list[int]) -> list[dict[str, Any]]:
    """Per year: the Comune's own units (run_by_comune) and, for the others, providers (each
    counted once) and units per legal form (one query)."""
    return list(
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year", "run_by_comune", "provider_legal_form")
        .annotate(providers=Count("provider_key", distinct=True), units=Count("pk"))
        .order_by("year", "run_by_comune", "provider_legal_form")
    )


def welfare_providers_total(*, years: list[int]) -> dict[int, int]:
    """Distinct providers per year, the Comune counted once (one query)."""
    rows = (
        ServiceUnitYear.objects.filter(year__in=years)
        .annotate(
            who=Case(
                When(run_by_comune=True, then=Value("comune")),
                default=F("provider_key"),
                output_field=CharField(),
            )
        )
        .values("year")
        .annotate(n=Count("who", distinct=True))
    )
    return {r["year"]: r["n"] for r in rows}


def welfare_spending_by_year(*, years: list[int]) -> dict[int, dict[str, Decimal]]:
    """Per year, the spending of the units by funding source (one query)."""
    rows = (
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year")
        .annotate(**{f: Coalesce(Sum(f), ZERO) for f, _l in SPENDING_SOURCES})
        .order_by("year")
    )
    return {r["year"]: {f: r[f] for f, _l in SPENDING_SOURCES} for r in rows}
