"""Demo data of the five agencies: a plausible set for every tool. Idempotent (ctx.done)."""

from __future__ import annotations

from .finance import FIRST_YEAR, YEARLY
from .seeding import KEY, seed
from .welfare import WELFARE_KEY, WELFARE_MIX, WELFARE_SPLIT, WELFARE_UNITS, WELFARE_YEARS

__all__ = [
    "FIRST_YEAR",
    "KEY",
    "WELFARE_KEY",
    "WELFARE_MIX",
    "WELFARE_SPLIT",
    "WELFARE_UNITS",
    "WELFARE_YEARS",
    "YEARLY",
    "seed",
]
