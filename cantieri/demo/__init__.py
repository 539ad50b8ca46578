"""Demo data of activity records: reporting periods, indicators, records.

- Periods: the six semesters 2016-H2 … 2019-H1; all but the last are locked (the last stays
  open so that the demo partners can enter, submit and correct records).
- Indicators of every action with baseline, targets per period and, for the measured ones,
  measurements.
- A few records of the demo partners (referente@auser.demo, referente@colibri.demo) made
  through the services, in every state, with their history.
- Bulk records up to `ctx.activities` in total (default: ~2,500 a year), deterministic from
  ctx.rng, figures consistent with the validation rules, mostly approved. Created with
  bulk_create in batches, M2M/through rows in bulk and no history rows for the bulk part.
Idempotent: each part is marked in ctx and skipped on a second run; the bulk part tops up the
total to the requested number and never deletes.
"""

from __future__ import annotations

from .bulk import BATCH, bulk_insert
from .catalogue import INDICATORS, PERIODS
from .generator import AGE_PROFILE, TITLES, Generator
from .seeding import DEFAULT_PER_YEAR, seed

__all__ = [
    "AGE_PROFILE",
    "BATCH",
    "DEFAULT_PER_YEAR",
    "Generator",
    "INDICATORS",
    "PERIODS",
    "TITLES",
    "bulk_insert",
    "seed",
]
