"""The date format the councils' messages share."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format


def _fmt(day: date) -> str:
    return date_format(day, "d/m/Y")
