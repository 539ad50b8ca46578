"""Disclosure control of the Bilancio Sociale: one pass over the whole edition before anything is
published. The web page, the PDF and the open data all render from `protect_snapshot`, so the
same cells are hidden everywhere.

1. Table by table (`_local_pass`): a count of people 1..threshold-1 is replaced by "< threshold"
   (settings.DISCLOSURE_THRESHOLD, default 5; DISCLOSURE_THRESHOLD_SENSITIVE, default 10, for a
   column marked `"sensitive": True`, a row marked `"_sensitive": True` or a figure marked
   `"sensitive": True`, e.g. people with disabilities); a row or a column of people counts with
   exactly one hidden cell gets a second one ("n.d."). Zero is shown.
2. Edition-wide (citta_del_noi.disclosure): every people count of every block is a cell showing a
   *quantity*; the same quantity in two blocks is one unknown; totals, breakdowns and declared
   relations are linear equations. For each hidden count the audit computes the smallest and
   largest value consistent with everything the edition (and the earlier editions beside it)
   publishes, and hides more cells, smallest first, until each interval covers 1..threshold-1.

How a block declares what it publishes (all optional; an undeclared cell is a quantity of its
own, and a table's totals row is the sum of its rows, as before):

    "columns": [{"key": "partecipanti", "type": "people",
                 "quantity": {"measure": "participants"},          # what the column counts
                 "part_of": "partecipanti"}],                      # e.g. "di cui nuovi"
    "rows": [{"_key": "azione-2", "_quantity": {"azione": "azione-2"}, "partecipanti": 120}],
    "totals": {"partecipanti": 530},   # = sum of the rows; quantity = the column's alone
    "rows_partition": True,            # the rows add up to the column's quantity even with no
                                       # totals row (e.g. zones + "intera città" = every one)
    "rows_overlap": True,              # the rows overlap: each is within the total, no sum
    "figures": [{"key": "personale", "type": "people", "quantity": {"measure": "staff"}}],
    "relations": [{"total": {"measure": "staff"}, "parts": [{"measure": "staff", "sex": "F"}],
                   "kind": "each_within"}],   # "sum" (default) | "sum_within" | "each_within"

A cell's quantity is the column's dimensions merged with the row's (`_quantity`), qualified with
the edition's period unless it names its own "period" (e.g. a previous year shown beside). Two
cells of two blocks with the same quantity must show the same number: declare a quantity only
where the figure is computed the same way. A people cell of a mixed table (`"_people"`) takes
the row's `_quantity` (e.g. an output indicator counting the participants of one action).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _g

from citta_del_noi import disclosure as engine
from citta_del_noi.disclosure.engine import describe_interval

SECONDARY = "n.d."
# Published people counts are whole numbers (largest-remainder split across quartieri), so the
# equations hold exactly. Snapshots taken before that rule rounded shares to 0.1: only for them
# each term of an equation may be off by this much.
LEGACY_TOLERANCE = 0.05


def _tolerance(cells: list[engine.Cell]) -> float:
    """0 when every count is whole (an exact audit), the legacy rounding slack otherwise."""
    whole = all(float(c.value).is_integer() for c in cells)
    return 0.0 if whole else LEGACY_TOLERANCE


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


def _local_pass(data: dict[str, Any], limits: tuple[int, int]) -> dict[str, Any]:
    """The table-by-table pass (primary, then the row/column rule): a copy of the block with
    its "disclosure" list. The edition-wide audit (protect_snapshot) starts from its choices."""
    out = copy.deepcopy(data)
    normal, sensitive = limits
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


def protect_block(data: dict[str, Any], limits: tuple[int, int] | None = None) -> dict[str, Any]:
    """Return a copy of one block's data with small counts of people suppressed (the block on its
    own: the same rules as an edition with just this block)."""
    snapshot: dict[str, Any] = {
        "sections": [{"key": "_", "title": "", "blocks": [{"key": "_", "data": data}]}]
    }
    if limits is not None:
        snapshot["disclosure"] = {"threshold": limits[0], "sensitive": limits[1]}
    return protect_snapshot(snapshot)["sections"][0]["blocks"][0]["data"]


# --- the edition as one system of linear relations ------------------------------------------


def _canonical(dims: dict[str, Any], period: str) -> tuple:
    items = {str(k): str(v) for k, v in dims.items()}
    items.setdefault("period", period)
    return tuple(sorted(items.items()))


def _period_of(snapshot: dict[str, Any]) -> str:
    period = snapshot.get("period") or {}
    return f"{period.get('start', '')}/{period.get('end', '')}"


@dataclass
class _Place:
    """Where a cell is shown: (section, block, "row", index, column) | (.., "total", column) |
    (.., "figure", key)."""

    ref: tuple
    label: str
    block_title: str
    value: float
    limit: int
    quantity: tuple
    hidden: str = ""


@dataclass
class _Edition:
    places: list[_Place] = field(default_factory=list)
    relations: list[engine.Relation] = field(default_factory=list)


def _is_count(value: Any) -> bool:
    return _is_number(value)


def _collect(snapshot: dict[str, Any], limits: tuple[int, int]) -> _Edition:
    """Every people count of the snapshot as a place with its quantity, and the relations the
    blocks declare; each place carries the table-by-table pass's decision."""
    normal, sensitive = limits
    period = _period_of(snapshot)
    out = _Edition()

    def q(dims: dict[str, Any] | None, fallback: tuple) -> tuple:
        return _canonical(dims, period) if dims else fallback

    for section in snapshot.get("sections") or []:
        for block in section.get("blocks") or []:
            data = block.get("data") or {}
            sk, bk = str(section.get("key", "")), str(block.get("key", ""))
            title = str(block.get("title", bk))
            local: dict[tuple, str] = {}
            for entry in _local_pass(data, limits).get("disclosure") or []:
                if "figure" in entry:
                    local[("figure", str(entry["figure"]))] = entry["reason"]
                elif entry.get("row") == -1:
                    local[("total", entry["column"])] = entry["reason"]
                else:
                    local[("row", entry["row"], entry["column"])] = entry["reason"]
            for fig in data.get("figures") or []:
                if fig.get("type") != "people" or not _is_count(fig.get("value")):
                    continue
                key = str(fig.get("key"))
                out.places.append(
                    _Place(
                        ref=(sk, bk, "figure", key),
                        label=str(fig.get("label", key)),
                        block_title=title,
                        value=float(fig["value"]),
                        limit=sensitive if fig.get("sensitive") else normal,
                        quantity=q(fig.get("quantity"), ("_figure", sk, bk, key)),
                        hidden=local.get(("figure", key), ""),
                    )
                )
            _collect_table(out, data, sk, bk, title, limits, local, q)
            for rel in data.get("relations") or []:
                out.relations.append(
                    engine.Relation(
                        total=_canonical(rel["total"], period),
                        parts=tuple(_canonical(p, period) for p in rel.get("parts") or []),
                        kind=rel.get("kind", "sum"),
                    )
                )
    return out


def _collect_table(
    out: _Edition,
    data: dict[str, Any],
    sk: str,
    bk: str,
    title: str,
    limits: tuple[int, int],
    local: dict[tuple, str],
    q: Any,
) -> None:
    normal, sensitive = limits
    columns = {c["key"]: c for c in data.get("columns") or []}
    rows = data.get("rows") or []
    totals = data.get("totals") or {}
    people_cols = [k for k, c in columns.items() if c.get("type") == "people"]
    label_col = next((k for k, c in columns.items() if c.get("type", "text") == "text"), None)
    cells: dict[tuple[int, str], tuple] = {}  # (row index | -1, column) → quantity
    for index, row in enumerate(rows):
        keys = list(people_cols) + [k for k in row.get("_people") or [] if k not in people_cols]
        row_dims = row.get("_quantity") or {}
        row_label = str(row.get(label_col, row.get("_key", index))) if label_col else str(index)
        for key in keys:
            value = row.get(key)
            col = columns.get(key, {})
            col_dims = col.get("quantity") or {}
            dims = {**col_dims, **row_dims} if row_dims else {}
            quantity = q(dims, ("_cell", sk, bk, index, key))
            cells[(index, key)] = quantity
            if not _is_count(value):
                continue
            sensitive_cell = bool(col.get("sensitive")) or bool(row.get("_sensitive"))
            out.places.append(
                _Place(
                    ref=(sk, bk, "row", index, key),
                    label=f"{row_label} · {col.get('label', key)}",
                    block_title=title,
                    value=float(value),
                    limit=sensitive if sensitive_cell else normal,
                    quantity=quantity,
                    hidden=local.get(("row", index, key), ""),
                )
            )
    for key in people_cols:
        col = columns[key]
        total_q = q(
            {**(col.get("quantity") or {}), **(data.get("totals_quantity") or {})},
            ("_total", sk, bk, key),
        )
        cells[(-1, key)] = total_q
        if _is_count(totals.get(key)):
            out.places.append(
                _Place(
                    ref=(sk, bk, "total", key),
                    label=f"Totale · {col.get('label', key)}",
                    block_title=title,
                    value=float(totals[key]),
                    limit=sensitive if col.get("sensitive") else normal,
                    quantity=total_q,
                    hidden=local.get(("total", key), ""),
                )
            )
        parts = tuple(cells[(i, key)] for i in range(len(rows)) if (i, key) in cells)
        if parts and (_is_count(totals.get(key)) or data.get("rows_partition")):
            kind = "each_within" if data.get("rows_overlap") else "sum"
            out.relations.append(engine.Relation(total=total_q, parts=parts, kind=kind))
        whole = col.get("part_of")
        if whole in columns:
            for index in [*range(len(rows)), -1]:
                if (index, key) in cells and (index, whole) in cells:
                    out.relations.append(
                        engine.Relation(
                            total=cells[(index, whole)],
                            parts=(cells[(index, key)],),
                            kind="each_within",
                        )
                    )


@dataclass
class AuditRow:
    """One hidden count of an edition, as staff see it before approval."""

    block: str
    cell: str
    reason: str  # "primary" | "secondary"
    label: str  # what is published: "< 5" | "n.d."
    low: float | None
    high: float | None
    required: tuple[int, int] | None
    exposed: bool
    ref: tuple = ()

    @property
    def interval(self) -> str:
        return describe_interval(self.low, self.high)

    @property
    def reason_label(self) -> str:

        if self.reason == engine.PRIMARY:
            return _g("conteggio sotto la soglia")
        return _g("soppressione secondaria: impedisce di ricalcolare un conteggio riservato")


@dataclass
class Audit:
    rows: list[AuditRow]
    seconds: float
    linear_programmes: int
    cells: int

    @property
    def exposed(self) -> list[AuditRow]:
        return [r for r in self.rows if r.exposed]

    @property
    def passed(self) -> bool:
        return not self.exposed


def _previous_places(previous: list[dict[str, Any]] | None) -> tuple[list[engine.Cell], list]:
    """The earlier editions shown beside the figures: published constants (or hidden cells) that
    cannot change any more."""
    cells: list[engine.Cell] = []
    relations: list[engine.Relation] = []
    for n, data in enumerate(previous or []):
        limits = thresholds(data)
        collected = _collect(data, limits)
        result = _solve(data, collected, limits)
        for place in collected.places:
            cells.append(
                engine.Cell(
                    ref=("_previous", n, *place.ref),
                    quantity=place.quantity,
                    value=place.value,
                    limit=place.limit,
                    locked=True,
                    hidden=result.hidden.get(place.ref, ""),
                )
            )
        relations.extend(collected.relations)
    return cells, relations


def _solve(
    snapshot: dict[str, Any],
    collected: _Edition,
    limits: tuple[int, int],
    extra: tuple[list[engine.Cell], list] | None = None,
) -> engine.Result:
    frozen = (snapshot.get("disclosure") or {}).get("hidden") or []
    stored = {tuple(item[0]): item[1] for item in frozen}
    cells = [
        engine.Cell(
            ref=p.ref,
            quantity=p.quantity,
            value=p.value,
            limit=p.limit,
            hidden=stored.get(p.ref) or p.hidden,
        )
        for p in collected.places
    ]
    relations = list(collected.relations)
    if extra:
        cells.extend(extra[0])
        relations.extend(extra[1])
    return engine.protect(cells, relations, tolerance=_tolerance(cells))


def decide(snapshot: dict[str, Any], previous: list[dict[str, Any]] | None = None) -> list:
    """The hidden cells of a snapshot as JSON ([[ref...], reason]), decided with the earlier
    editions' published values: stored in the snapshot when it is taken (key disclosure.hidden),
    so that the edition's pattern never changes once published."""
    limits = thresholds(snapshot)
    collected = _collect(snapshot, limits)
    result = _solve(snapshot, collected, limits, _previous_places(previous))
    return sorted([list(_ref(ref)), reason] for ref, reason in result.hidden.items())


def _ref(ref: Any) -> tuple:
    """A place's reference (see _Place.ref): the engine hands them back as plain hashables."""
    return tuple(ref)


def audit_snapshot(snapshot: dict[str, Any], previous: list[dict[str, Any]] | None = None) -> Audit:
    """The audit staff read before approval, and `manage.py disclosure_audit` prints."""
    started = time.monotonic()
    limits = thresholds(snapshot)
    collected = _collect(snapshot, limits)
    result = _solve(snapshot, collected, limits, _previous_places(previous))
    by_ref = {p.ref: p for p in collected.places}
    rows: list[AuditRow] = []
    for finding in result.audit:
        for raw_ref in finding.refs:
            ref = _ref(raw_ref)
            place = by_ref.get(ref)
            if place is None:
                continue  # an earlier edition's cell
            rows.append(
                AuditRow(
                    block=place.block_title,
                    cell=place.label,
                    reason=finding.reason,
                    label=_primary_label(finding.limit)
                    if finding.reason == engine.PRIMARY
                    else SECONDARY,
                    low=finding.low,
                    high=finding.high,
                    required=finding.required if finding.reason == engine.PRIMARY else None,
                    exposed=finding.exposed,
                    ref=ref,
                )
            )
    rows.sort(key=lambda r: (not r.exposed, r.ref))
    return Audit(
        rows=rows,
        seconds=time.monotonic() - started,
        linear_programmes=result.linear_programmes,
        cells=len(collected.places),
    )


def protect_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with every hidden count replaced by its label (a new structure; the input is
    untouched): the table-by-table pass, then the edition-wide audit and secondary suppression
    (and the cells stored when the snapshot was taken, see `decide`)."""
    limits = thresholds(data)
    collected = _collect(data, limits)
    result = _solve(data, collected, limits)
    limit_of: dict[tuple, int] = {}
    for place in collected.places:
        limit_of[place.quantity] = max(limit_of.get(place.quantity, 0), place.limit)
    places = {p.ref: p for p in collected.places}
    out = {k: v for k, v in data.items() if k not in ("sections", "disclosure")}
    out["disclosure"] = {"threshold": limits[0], "sensitive": limits[1]}
    sections = []
    for section in data.get("sections") or []:
        new_section = {k: v for k, v in section.items() if k != "blocks"}
        new_blocks = []
        for block in section.get("blocks") or []:
            new_data = copy.deepcopy(block.get("data") or {})
            new_data.pop("disclosure", None)
            sk, bk = str(section.get("key", "")), str(block.get("key", ""))
            report: list[dict[str, Any]] = []
            hidden_here = [
                (_ref(r), s) for r, s in result.hidden.items() if _ref(r)[:2] == (sk, bk)
            ]
            for ref, reason in sorted(hidden_here, key=lambda item: repr(item[0])):
                label = (
                    _primary_label(limit_of[places[ref].quantity])
                    if reason == engine.PRIMARY
                    else SECONDARY
                )
                if ref[2] == "figure":
                    for fig in new_data.get("figures") or []:
                        if str(fig.get("key")) == ref[3]:
                            fig["value"] = label
                    report.append({"figure": ref[3], "reason": reason})
                elif ref[2] == "total":
                    new_data["totals"][ref[3]] = label
                    report.append({"row": -1, "column": ref[3], "reason": reason})
                else:
                    new_data["rows"][ref[3]][ref[4]] = label
                    report.append({"row": ref[3], "column": ref[4], "reason": reason})
            if report:
                new_data["disclosure"] = sorted(
                    report, key=lambda e: (e.get("row", -2), str(e.get("column", e.get("figure"))))
                )
            new_blocks.append({**{k: v for k, v in block.items() if k != "data"}, "data": new_data})
        new_section["blocks"] = new_blocks
        sections.append(new_section)
    out["sections"] = sections
    return out
