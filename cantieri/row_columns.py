"""A test on a PostgreSQL-only column of the activity record (`zone_ids`, `title_upper`): the
columns the database keeps itself and Django never writes, so they are not model fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F


class RecordColumnTest(Expression):
    """`<activity table>.<column> <test>` with one parameter, the table's alias taken from the
    query (the activity table is aliased when the queryset becomes a subquery). `test` holds one
    `%s` for `param(connection)`, by default `value`."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, test: str, value: Any, pk: Any = None) -> None:
        super().__init__()
        self.column, self.test, self.value = column, test, value
        self.pk = pk if pk is not None else F("pk")

    def param(self, connection: Any) -> Any:
        return self.value

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
        table = pk_sql.rsplit(".", 1)[0]
        return f'{table}."{self.column}" {self.test}', [self.param(connection)]

    def get_group_by_cols(self) -> list[Any]:
        return []
