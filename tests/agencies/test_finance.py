"""Leverage, public and private resources apart, budget against spending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agencies import models as m
from agencies.selectors import budget_vs_spending_by, resources_by_sector

pytestmark = pytest.mark.django_db


def test_leverage_and_sectors(reference) -> None:
    from tests.agencies.helpers import source

    m.SourceAllocation.objects.create(source=source("cariplo"), year=2024, amount=Decimal("1000"))
    m.SourceAllocation.objects.create(source=source("comune"), year=2024, amount=Decimal("1500"))
    m.SourceAllocation.objects.create(source=source("donazioni"), year=2024, amount=Decimal("500"))
    m.SourceAllocation.objects.create(source=source("comune"), year=2019, amount=Decimal("9999"))
    r = resources_by_sector(year=2024, end_year=2024)
    assert r["main_grant"] == Decimal("1000")
    assert r["raised"] == Decimal("2000")
    assert r["leverage"] == pytest.approx(2.0)
    assert r["public"] == Decimal("1500")
    assert r["private"] == Decimal("1500")  # Cariplo (private foundation) + donations


def test_leverage_without_main_grant_is_none(reference) -> None:
    from tests.agencies.helpers import source

    m.SourceAllocation.objects.create(source=source("comune"), year=2024, amount=Decimal("10"))
    assert resources_by_sector()["leverage"] is None


def test_budget_vs_spending_is_not_multiplied_by_expenditures(reference) -> None:
    from cantieri.models import Azione
    from tests.agencies.helpers import source

    azione = Azione.objects.order_by("number")[0]
    m.SourceAllocation.objects.create(source=source("comune"), year=2024, amount=Decimal("5000"))
    line = m.BudgetLine.objects.create(
        source=source("comune"), year=2024, azione=azione, description="x", amount=Decimal("1000")
    )
    for amount, kind in [("100", "impegno"), ("200", "impegno"), ("50", "spesa")]:
        m.Expenditure.objects.create(
            budget_line=line,
            kind=kind,
            amount=Decimal(amount),
            date=date(2024, 5, 1),
            description="e",
        )
    rows = budget_vs_spending_by("azione__name")
    assert rows == [
        {
            "azione__name": azione.name,
            "budget": Decimal("1000"),
            "committed_sum": Decimal("300"),
            "paid_sum": Decimal("50"),
        }
    ]
