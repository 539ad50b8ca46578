"""A test on a PostgreSQL-only column of the activity record (`zone_ids`, `title_upper`): the
columns the database keeps itself and Django never writes, so they are not model fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F


class RecordColumnTest(Expression):
    """`<activity table>.<column> …`, with the table's alias taken from the query (the activity
    table is aliased when the queryset becomes a subquery): subclasses write `column_sql`."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk: Any = None) -> None:
        super().__init__()
        self.pk = pk if pk is not None else F("pk")

    def column_sql(self, table: str, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def resolve_expression(self, *args: Any, **kwargs: Any) -> RecordColumnTest:
        clone = self.copy()
        clone.pk = self.pk.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        return self.column_sql(pk_sql.rsplit(".", 1)[0], connection)

    def get_group_by_cols(self) -> list[Any]:
        return []
