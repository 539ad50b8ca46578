"""Several COUNT(*) in one round trip (issue 14: a panel of reference figures ran one query per
figure). Each queryset keeps its own filters, joins and DISTINCT; the database counts its rows
in a scalar subquery of one SELECT."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """{name: number of rows of the queryset}, read with one query (none when empty)."""
    parts: list[str] = []
    params: list[Any] = []
    names: list[str] = []
    out: dict[str, int] = {}
    db = "default"
    for name, qs in querysets.items():
        db = qs.db
        try:
            sql, qs_params = qs.order_by().query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing (e.g. pk__in=[])
            out[name] = 0
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS cdn_count_{len(names)})")  # noqa: S608 - Django's SQL, params apart
        params.extend(qs_params)
        names.append(name)
    if parts:
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        out.update({name: int(value) for name, value in zip(names, row, strict=True)})
    return {name: out[name] for name in querysets}
