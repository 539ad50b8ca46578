"""Reads of the agencies themselves, the generic tools and records' history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    QuerySet,
    Value,
)

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.core.history import history_entries

from ..models import (
    Agency,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def agency_ids_for_referent(user: Any) -> set[int]:
    return set(Agency.objects.filter(referents=user).values_list("pk", flat=True))


def agency_slugs_for_referent(user: Any) -> set[str]:
    return set(Agency.objects.filter(referents=user).values_list("slug", flat=True))


def agencies_public() -> QuerySet[Agency]:
    return Agency.objects.order_by("order")


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).select_related("page").first()


def tool_queryset(tool: Any, user: AnyUser) -> QuerySet:
    """The records of one tool. Only staff and the tool's agency referents reach this."""
    qs = tool.model.objects.all()
    if tool.select_related:
        qs = qs.select_related(*tool.select_related)
    if tool.prefetch:
        qs = qs.prefetch_related(*tool.prefetch)
    return qs


def record_history(obj: Any) -> list:
    """The last 50 versions of a record that keeps a history, as people read them."""
    if getattr(obj, "history", None) is None:
        return []
    return history_entries(obj, limit=50)
