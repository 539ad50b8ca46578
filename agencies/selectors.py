"""Reads on agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Agency


def agency_ids_for_referent(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(Agency.objects.filter(referents=user).values_list("pk", flat=True))


def agencies_public() -> QuerySet[Agency]:
    return Agency.objects.order_by("order")
