"""Pages of very long lists: the count stops at a cap (issue 14).

An exact COUNT of a million records costs more than the page itself (1.4 s with the zone
filter), and nobody pages through 20,000 pages: the paginator counts at most `CAP` + 1 rows
(`SELECT COUNT(*) FROM (… LIMIT CAP + 1)`, the same index as the page) and says "più di
10.000" beyond; the pages up to the cap stay reachable, and the filters narrow the rest.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

CAP = 10_000
# A text search reads the title from the table itself (no index holds it beside the order):
# its count stops earlier.
CAP_TEXT_SEARCH = 1_000


class CappedPaginator(Paginator):
    capped = False  # set by count: more rows than the cap

    def __init__(self, object_list: Any, per_page: int, *, cap: int = CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows: QuerySet = self.object_list  # type: ignore[assignment]  # always a queryset here
        n = rows[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)
