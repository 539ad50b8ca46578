"""Reads on councils."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import CouncilMember


def active_seats(on: date | None = None) -> QuerySet[CouncilMember]:
    """Seats whose term covers `on` (today by default)."""
    day = on or timezone.localdate()
    return CouncilMember.objects.filter(term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )


def active_council_ids_for_user(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(active_seats().filter(user=user).values_list("consiglio_id", flat=True))
