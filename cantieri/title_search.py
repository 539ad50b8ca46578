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

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q


class TitleContains(Expression):
    """`<activity table>.title_upper LIKE UPPER('%text%')`, with the table's alias taken from
    the query (the activity table is aliased when the queryset becomes a subquery)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, text: str, pk: Any = None) -> None:
        super().__init__()
        self.text = text
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def resolve_expression(self, *args: Any, **kwargs: Any) -> TitleContains:
        clone = self.copy()
        clone.pk = self.pk.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        # icontains' own pattern: the text with LIKE's wildcards escaped, between % and %.
        pattern = f"%{connection.ops.prep_for_like_query(self.text)}%"
        return f'{table}."title_upper" LIKE UPPER(%s)', [pattern]

    def get_group_by_cols(self) -> list[Any]:
        return []


def title_contains(text: str) -> Q:
    """Records whose title contains `text`, case-insensitive (as `title__icontains`)."""
    if connection.vendor == "postgresql":
        return Q(TitleContains(text))
    return Q(title__icontains=text)
