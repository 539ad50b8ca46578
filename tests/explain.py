"""EXPLAIN helpers shared by the tests that check query plans on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction


def seq_scans(sql: str, table: str) -> list[dict[str, Any]]:
    """The sequential scans of `table` in the plan of `sql` with sequential scans disabled:
    with a few thousand rows a sequential scan is the planner's right choice; told not to, it
    still falls back to one when no index can serve the query."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Relation Name") == table and node["Node Type"] == "Seq Scan":
            found.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found
