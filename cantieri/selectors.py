"""Reads on actions and activity records."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Azione


def azioni_public() -> QuerySet[Azione]:
    return Azione.objects.prefetch_related("target_groups").order_by("number")
