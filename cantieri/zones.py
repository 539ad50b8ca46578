"""The zone filter of activity records: "touches zone Z" through a quartiere or a Punto Comunità.

On PostgreSQL every record carries its zone set in `zone_ids bigint[]` (migration
0009_list_indexes: triggers keep it right on every write path, a GIN index answers the
overlap), so the filter is one column test the planner combines with the other filters and the
list's order; the column is not a model field (Django never writes it, nothing can leave it
stale). Elsewhere (SQLite for `make run`) the filter is two IN subqueries over the links.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Count, Q, QuerySet, Sum

from territori.models import PuntoComunita

from .models import ActivityRecord
from .row_columns import RecordColumnTest

Through = ActivityRecord.quartieri.through


class ZoneSetOverlaps(RecordColumnTest):
    """`<activity table>.zone_ids && ARRAY[ids]`."""

    def __init__(self, ids: list[int], pk: Any = None) -> None:
        super().__init__("zone_ids", "&& %s::bigint[]", sorted(ids), pk)


class ZoneSet(ZoneSetOverlaps):
    """The record's zone set itself (PostgreSQL), e.g. to group by it."""

    output_field: Any = ArrayField(BigIntegerField())
    conditional = False

    def __init__(self, pk: Any = None) -> None:
        super().__init__([], pk)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        return f'{pk_sql.rsplit(".", 1)[0]}."zone_ids"', []

    def get_group_by_cols(self) -> list[Any]:
        return [self]


def uses_zone_column() -> bool:
    return connection.vendor == "postgresql"


def zone_q(zone_ids: set[int] | list[int]) -> Q:
    """Records touching the zones, through a quartiere or a Punto Comunità."""
    ids = [int(i) for i in zone_ids]
    if uses_zone_column():
        return Q(ZoneSetOverlaps(ids))
    return Q(
        pk__in=Through.objects.filter(quartiere__zona_id__in=ids).values("activityrecord_id")
    ) | Q(
        punto_comunita_id__in=PuntoComunita.objects.filter(quartiere__zona_id__in=ids).values("pk")
    )


def coverage_cells(qs: QuerySet[Any], zone_ids: list[int]) -> dict[tuple[int, str], dict]:
    """Per action: records and participants touching each zone, city-wide, and in total, in one
    pass over the records. A record touching two zones counts in both; the total counts it once.
    Keys: (azione id, str(zone id) | "city" | "total").

    On PostgreSQL the records are grouped by (action, city-wide, zone set): a few hundred groups
    whatever the number of records (an index-only scan of the covering list index), spread over
    the zones here; coverage groups (cantieri/coverage.py) are already grouped that way and
    their counts are summed. Elsewhere, conditional aggregates per zone."""
    cells: dict[tuple[int, str], dict] = {}

    def add(azione_id: int, key: str, n: int, p: int) -> None:
        cell = cells.setdefault((azione_id, key), {"n": 0, "p": 0})
        cell["n"] += n
        cell["p"] += p

    if uses_zone_column():
        wanted = {str(pk) for pk in zone_ids}
        records = qs.model is ActivityRecord
        groups = (
            qs.annotate(zset=ZoneSet())
            .values("azione_id", "city_wide", "zset")
            .annotate(
                records=Count("pk") if records else Sum("n"),
                people=Sum("participants_total") if records else Sum("p"),
            )
            .order_by()
        )
        for row in groups:
            n, p = row["records"] or 0, row["people"] or 0
            add(row["azione_id"], "total", n, p)
            if row["city_wide"]:
                add(row["azione_id"], "city", n, p)
            for zone in row["zset"] or []:
                if str(zone) in wanted:
                    add(row["azione_id"], str(zone), n, p)
        return cells
    aggregates: dict[str, Any] = {"n_total": Count("pk"), "p_total": Sum("participants_total")}
    aggregates["n_city"] = Count("pk", filter=Q(city_wide=True))
    aggregates["p_city"] = Sum("participants_total", filter=Q(city_wide=True))
    for pk in zone_ids:
        aggregates[f"n_{pk}"] = Count("pk", filter=zone_q([pk]))
        aggregates[f"p_{pk}"] = Sum("participants_total", filter=zone_q([pk]))
    for row in qs.values("azione_id").annotate(**aggregates).order_by():
        for key in ["total", "city", *(str(pk) for pk in zone_ids)]:
            if row[f"n_{key}"]:
                add(row["azione_id"], key, row[f"n_{key}"], row[f"p_{key}"] or 0)
    return cells
