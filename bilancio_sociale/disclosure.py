"""Disclosure control: one pass over the snapshot's counts of people before anything is published.

The web page, the PDF and the open data all render from the output of `protect_snapshot`, so the
same cells are hidden everywhere.

- Primary suppression: a count of people 1..threshold-1 is replaced by "< threshold"
  (settings.DISCLOSURE_THRESHOLD, default 5; DISCLOSURE_THRESHOLD_SENSITIVE, default 10, for a
  column marked `"sensitive": True`, a row marked `"_sensitive": True` or a figure marked
  `"sensitive": True`, e.g. people with disabilities).
- A table row may mark some of its cells as counts of people (`"_people": ["valore", ...]`),
  e.g. an indicator whose unit is people in a table of mixed indicators: those cells get primary
  suppression (rows of such tables are independent figures with no totals).
- Secondary suppression: a row or a column of people counts with exactly one hidden cell would let
  a reader recompute it from the totals (or from the other cells), so the next smallest visible
  cell of that row or column is hidden too ("n.d."); if none is left, the column's total is
  hidden. Repeated until nothing changes (a fixed point).
Zero is shown: it discloses nothing about a person.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

SECONDARY = "n.d."


def current_thresholds() -> dict[str, int]:
    """The thresholds in force now; a snapshot stores them (key "disclosure") when taken."""
    return {
        "threshold": int(settings.DISCLOSURE_THRESHOLD),
        "sensitive": int(settings.DISCLOSURE_THRESHOLD_SENSITIVE),
    }


def thresholds(snapshot: dict[str, Any] | None = None) -> tuple[int, int]:
    """(normal, sensitive): those frozen in the snapshot, else the current settings. A published
    edition keeps its thresholds even if the setting changes later, so its web page and open
    data keep agreeing with its PDF."""
    frozen = (snapshot or {}).get("disclosure") or {}
    now = current_thresholds()
    return (
        int(frozen.get("threshold", now["threshold"])),
        int(frozen.get("sensitive", now["sensitive"])),
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _primary_label(threshold: int) -> str:
    return f"< {threshold}"


def protect_block(data: dict[str, Any], limits: tuple[int, int] | None = None) -> dict[str, Any]:
    """Return a copy of one block's data with small counts of people suppressed."""
    out = copy.deepcopy(data)
    normal, sensitive = limits or thresholds()
    suppressed: list[dict[str, Any]] = []
    if out.get("kind") == "figures" or out.get("figures"):
        for fig in out.get("figures") or []:
            if fig.get("type") != "people" or not _is_number(fig.get("value")):
                continue
            limit = sensitive if fig.get("sensitive") else normal
            if 0 < fig["value"] < limit:
                fig["value"] = _primary_label(limit)
                suppressed.append({"figure": fig.get("key"), "reason": "primary"})
    columns = out.get("columns") or []
    rows = out.get("rows") or []
    for index, row in enumerate(rows):
        limit = sensitive if row.get("_sensitive") else normal
        for key in row.get("_people") or []:
            if _is_number(row.get(key)) and 0 < row[key] < limit:
                row[key] = _primary_label(limit)
                suppressed.append({"row": index, "column": key, "reason": "primary"})
    people = [c for c in columns if c.get("type") == "people"]
    if people and rows:
        suppressed.extend(_protect_table(out, people, normal, sensitive))
    if suppressed:
        out["disclosure"] = suppressed
    return out


def _protect_table(
    out: dict[str, Any], people: list[dict[str, Any]], normal: int, sensitive: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = out["rows"]
    totals: dict[str, Any] = out.get("totals") or {}
    keys = [c["key"] for c in people]
    col_sensitive = {c["key"]: bool(c.get("sensitive")) for c in people}
    hidden: set[tuple[int, str]] = set()  # (row index, column key); row -1 = totals row
    primary: set[tuple[int, str]] = set()

    def limit(row_index: int, key: str) -> int:
        row_sensitive = row_index >= 0 and bool(rows[row_index].get("_sensitive"))
        return sensitive if (col_sensitive[key] or row_sensitive) else normal

    def value(row_index: int, key: str) -> Any:
        return totals.get(key) if row_index < 0 else rows[row_index].get(key)

    # Primary suppression (cells and totals).
    for i in range(len(rows)):
        for key in keys:
            v = value(i, key)
            if _is_number(v) and 0 < v < limit(i, key):
                hidden.add((i, key))
                primary.add((i, key))
    for key in keys:
        v = totals.get(key)
        if (
            isinstance(v, int | float)
            and _is_number(v)
            and 0 < v < (sensitive if col_sensitive[key] else normal)
        ):
            hidden.add((-1, key))
            primary.add((-1, key))

    def visible_numbers(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
        return [c for c in cells if c not in hidden and _is_number(value(*c))]

    def pick_smallest(cells: list[tuple[int, str]]) -> tuple[int, str] | None:
        candidates = visible_numbers(cells)
        if not candidates:
            return None
        # Prefer a non-zero cell: hiding a zero next to a small count protects less.
        nonzero = [c for c in candidates if value(*c) != 0]
        pool = nonzero or candidates
        return min(pool, key=lambda c: (value(*c), c[0], c[1]))

    # Secondary suppression to a fixed point.
    for _round in range(len(rows) * len(keys) + 10):
        changed = False
        # Columns: the body cells of one people column (its total is the sum).
        for key in keys:
            cells = [(i, key) for i in range(len(rows))]
            hidden_cells = [c for c in cells if c in hidden]
            if len(hidden_cells) == 1:
                pick = pick_smallest(cells)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
                elif _is_number(totals.get(key)) and (-1, key) not in hidden:
                    hidden.add((-1, key))
                    changed = True
        # Rows (totals row included) with two or more people columns.
        if len(keys) >= 2:
            for i in [*range(len(rows)), -1]:
                if i < 0 and not totals:
                    continue
                cells = [(i, key) for key in keys]
                hidden_cells = [c for c in cells if c in hidden]
                if len(hidden_cells) == 1:
                    pick = pick_smallest(cells)
                    if pick is not None:
                        hidden.add(pick)
                        changed = True
        if not changed:
            break

    report: list[dict[str, Any]] = []
    for i, key in sorted(hidden, key=lambda c: (c[0], c[1])):
        kind = "primary" if (i, key) in primary else "secondary"
        label = (
            _primary_label(
                limit(i, key) if i >= 0 else (sensitive if col_sensitive[key] else normal)
            )
            if kind == "primary"
            else SECONDARY
        )
        if i < 0:
            totals[key] = label
        else:
            rows[i][key] = label
        report.append({"row": i, "column": key, "reason": kind})
    return report


def protect_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """Apply `protect_block` to every block of a snapshot (a new structure; input untouched)."""
    out = {k: v for k, v in data.items() if k != "sections"}
    limits = thresholds(data)
    out["disclosure"] = {"threshold": limits[0], "sensitive": limits[1]}
    sections = []
    for section in data.get("sections") or []:
        new_section = {k: v for k, v in section.items() if k != "blocks"}
        new_section["blocks"] = [
            {
                **{k: v for k, v in block.items() if k != "data"},
                "data": protect_block(block.get("data") or {}, limits),
            }
            for block in section.get("blocks") or []
        ]
        sections.append(new_section)
    out["sections"] = sections
    return out
