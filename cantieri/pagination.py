"""Pages of very long lists: the count stops at a cap (issue 14).

An exact COUNT of a million records costs more than the page itself (1.4 s with the zone
filter), and nobody pages through 20,000 pages: the paginator counts at most `CAP` + 1 rows
(`SELECT COUNT(*) FROM (… LIMIT CAP + 1)`, the same index as the page) and says "più di
10.000" beyond; the pages up to the cap stay reachable, and the filters narrow the rest.

A page's rows are read in two steps inside one query (a "deferred join"): the ids of the page,
in the list's order, from the covering index alone (`… WHERE id IN (SELECT id … ORDER BY …
LIMIT 50 OFFSET n)`), then only those 50 records from the table. Reading the rows directly made
PostgreSQL fetch every record the OFFSET skips, and every record a filter that the index could
have answered throws away (the zone of zone-limited staff, a text search): page 5 of a
zone-limited viewer fetched 720 records from the table to show 50 (issue 14).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

CAP = 10_000
# A text search tests every entry of the walked index (cantieri.title_search): its count stops
# earlier.
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

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows: QuerySet = self.object_list  # type: ignore[assignment]  # always a queryset here
        # The same rows in the same order: the outer query keeps the list's (total) order.
        page_rows = rows.filter(pk__in=rows.values("pk")[bottom:top])
        return Page(page_rows, number, self)
