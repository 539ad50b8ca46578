"""Finanza reads: allocations, budgets, spending, fundraising."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from cantieri.models import FundingSource

from ..models import (
    BudgetLine,
    Expenditure,
    ExpenditureKind,
    Fundraising,
    SourceAllocation,
)
from .base import ZERO

# --- Finanza ---------------------------------------------------------------------------------


def allocated_total(*, source_id: int, year: int) -> Decimal | None:
    row = SourceAllocation.objects.filter(source_id=source_id, year=year).first()
    return row.amount if row else None


def budgeted_total(*, source_id: int, year: int, exclude_pk: int | None = None) -> Decimal:
    qs = BudgetLine.objects.filter(source_id=source_id, year=year)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(t=Coalesce(Sum("amount"), Decimal("0")))["t"]


def resources_by_sector(*, year: int | None = None, end_year: int | None = None) -> dict[str, Any]:
    """Public and private resources (source allocations) apart, and the leverage: resources
    from every other source per euro of the main grant, computed in SQL."""
    qs = SourceAllocation.objects.all()
    if year:
        qs = qs.filter(year__gte=year)
    if end_year:
        qs = qs.filter(year__lte=end_year)
    money: Any = DecimalField(max_digits=14, decimal_places=2)
    main = Sum("amount", filter=Q(source__is_main_grant=True), output_field=money)
    other = Sum("amount", filter=Q(source__is_main_grant=False), output_field=money)
    return qs.aggregate(
        public=Coalesce(Sum("amount", filter=Q(source__sector=FundingSource.Sector.PUBLIC)), ZERO),
        private=Coalesce(
            Sum("amount", filter=Q(source__sector=FundingSource.Sector.PRIVATE)), ZERO
        ),
        main_grant=Coalesce(main, ZERO),
        raised=Coalesce(other, ZERO),
        leverage=Cast(other, FloatField()) / NullIf(Cast(main, FloatField()), 0.0),
    )


def resources_by_source(*, year: int | None = None, end_year: int | None = None) -> list[dict]:
    qs = SourceAllocation.objects.all()
    if year:
        qs = qs.filter(year__gte=year)
    if end_year:
        qs = qs.filter(year__lte=end_year)
    return list(
        qs.values("source__name", "source__sector", "source__is_main_grant")
        .annotate(total=Sum("amount"))
        .order_by("source__sector", "source__order")
    )


def _spending(kind: str) -> Any:
    return Coalesce(
        Sum(
            "expenditures__amount",
            filter=Q(expenditures__kind=kind),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        ZERO,
    )


def budget_vs_spending_by(
    field: str,
    *,
    year: int | None = None,
    end_year: int | None = None,
    azione_id: int | None = None,
) -> list[dict]:
    """Budget, commitments and payments grouped by `field` ("azione__name", "agency__name").

    Budget and expenditure sums come from separate subqueries so the join never multiplies
    the budget by the number of expenditures."""
    lines = BudgetLine.objects.all()
    if year:
        lines = lines.filter(year__gte=year)
    if end_year:
        lines = lines.filter(year__lte=end_year)
    if azione_id:
        lines = lines.filter(azione_id=azione_id)
    spent = (
        Expenditure.objects.filter(budget_line=OuterRef("pk"))
        .values("budget_line")
        .annotate(
            c=Sum("amount", filter=Q(kind=ExpenditureKind.COMMITMENT)),
            p=Sum("amount", filter=Q(kind=ExpenditureKind.PAYMENT)),
        )
    )
    money: Any = DecimalField(max_digits=14, decimal_places=2)
    annotated = lines.annotate(
        committed=Coalesce(Subquery(spent.values("c"), output_field=money), ZERO),
        paid=Coalesce(Subquery(spent.values("p"), output_field=money), ZERO),
    )
    return list(
        annotated.values(field)
        .annotate(budget=Sum("amount"), committed_sum=Sum("committed"), paid_sum=Sum("paid"))
        .order_by(field)
    )


def budget_lines_with_spending() -> QuerySet[BudgetLine]:
    return BudgetLine.objects.select_related("source", "azione", "agency").annotate(
        committed=_spending(ExpenditureKind.COMMITMENT), paid=_spending(ExpenditureKind.PAYMENT)
    )


def fundraising_totals() -> dict[str, Any]:
    r = Fundraising.objects.aggregate(
        f_raised=Coalesce(Sum("raised_amount"), ZERO), f_donations=Coalesce(Sum("donations"), 0)
    )
    return {"raised": r["f_raised"], "donations": r["f_donations"]}


def fundraising_public() -> QuerySet[Fundraising]:
    return Fundraising.objects.filter(published=True)
