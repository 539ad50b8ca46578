"""Finanza: budget lines stay within their allocation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from .. import selectors
from ..models import (
    SourceAllocation,
)

# --- Finanza: budget lines -------------------------------------------------------------------


def budget_line_check(
    *, source: Any, year: int, amount: Decimal, exclude_pk: int | None = None, lock: bool = False
) -> None:
    """Refuse a budget line when the lines of the source and year would exceed its total."""

    qs = SourceAllocation.objects.filter(source=source, year=year)
    if lock:
        qs = qs.select_for_update()
    allocation = qs.first()
    if allocation is None:
        raise ValidationError(
            {
                "source": _(
                    "Per la fonte «%(source)s» non è registrato uno stanziamento per il %(year)s: "
                    "inserirlo prima della voce di bilancio."
                )
                % {"source": source, "year": year}
            }
        )
    used = selectors.budgeted_total(source_id=source.pk, year=year, exclude_pk=exclude_pk)
    if used + amount > allocation.amount:
        available = max(allocation.amount - used, Decimal("0"))
        raise ValidationError(
            {
                "amount": _(
                    "Le voci di bilancio supererebbero il totale della fonte per il %(year)s "
                    "(%(total)s €): restano disponibili %(available)s €."
                )
                % {
                    "year": year,
                    "total": formats.number_format(allocation.amount, 2, use_l10n=True),
                    "available": formats.number_format(available, 2, use_l10n=True),
                }
            }
        )
