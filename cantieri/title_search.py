"""The lists' text search `?q=`: "the title contains the words", case-insensitive (issue 14).

On PostgreSQL every record carries its title in capitals in `title_upper`, a column the database
computes itself (migration 0016_list_title_search: `GENERATED ALWAYS AS (UPPER(title))
STORED`), held by the lists' covering indexes. The test is `title_upper LIKE UPPER('%…%')`:
exactly Django's `icontains` (`UPPER(title) LIKE UPPER('%…%')`, the same escaping), without
computing `UPPER()` of every title an index walk tests (2 µs each in a UTF-8 locale, the cost
of the search's capped count). The column is not a model field: Django never writes it.
Elsewhere (SQLite for `make run`) the filter is `icontains`.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q

from .row_columns import RecordColumnTest


class TitleContains(RecordColumnTest):
    """`<activity table>.title_upper LIKE UPPER('%text%')`."""

    def __init__(self, text: str, pk: Any = None) -> None:
        super().__init__("title_upper", "LIKE UPPER(%s)", text, pk)

    def param(self, connection: Any) -> str:
        # icontains' own pattern: the text with LIKE's wildcards escaped, between % and %.
        return f"%{connection.ops.prep_for_like_query(self.value)}%"


def title_contains(text: str) -> Q:
    """Records whose title contains `text`, case-insensitive (as `title__icontains`)."""
    if connection.vendor == "postgresql":
        return Q(TitleContains(text))
    return Q(title__icontains=text)
