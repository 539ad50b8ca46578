"""The shape of a data block: what a Bilancio provider returns and what a dashboard table is.

A block is JSON (it is frozen in the Bilancio's snapshot), typed here with TypedDicts so that a
provider's result is checked by mypy, and validated at run time by `validate_block` when the
snapshot is taken (and `validate_key_figure` when a provider registers): a wrong shape fails
with the block's name instead of rendering half a table. Snapshots already published keep their
shape: the validation only applies to new snapshots, and every key added later is optional.

    {"kind": "table", "columns": [{"key": "zona", "label": "Zona", "type": "text"}],
     "rows": [{"zona": "Nord", "partecipanti": 120}], "totals": {"partecipanti": 530},
     "chart": {"type": "bar", "x": "zona", "series": ["partecipanti"]},
     "note": "testo", "source": "testo"}

"people" columns and figures are subject to disclosure control before publication (threshold
settings.DISCLOSURE_THRESHOLD; DISCLOSURE_THRESHOLD_SENSITIVE for a column or figure with
"sensitive": True or a row with "_sensitive": True). A row may carry "_key", a stable key used
to match it with earlier editions (default: the first text column). For the edition-wide
disclosure audit a block declares what its people counts are ("quantity" on columns and
figures, "_quantity" on rows, "rows_partition", "part_of", "relations"): see
bilancio_sociale/disclosure.py. "kind": "text" blocks carry "text" (plain text).

Key figures ("in breve"): a block marks the few numbers that matter with "key_figures", or
statically with `DataBlock(key_figures=...)` / `register_key_figures()`. A key figure points at
a value shown in the block ("total": a column, "figure": a figure key, "row" + "column": a cell)
or is a literal ("value", never of type "people"); it is read after disclosure control.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict, cast

BlockKind = Literal["table", "figures", "chart", "text", "empty"]
ValueType = Literal["text", "people", "number", "money", "percent"]

KINDS: tuple[str, ...] = ("table", "figures", "chart", "text", "empty")
VALUE_TYPES: tuple[str, ...] = ("text", "people", "number", "money", "percent")


class Column(TypedDict):
    key: str
    label: str
    type: NotRequired[ValueType]
    sensitive: NotRequired[bool]
    # The disclosure audit's description of the counts (bilancio_sociale/disclosure.py).
    quantity: NotRequired[dict[str, Any]]
    part_of: NotRequired[Any]


class Figure(TypedDict):
    key: str
    label: str
    value: Any
    type: NotRequired[ValueType]
    sensitive: NotRequired[bool]
    quantity: NotRequired[dict[str, Any]]


class ChartSpec(TypedDict):
    type: Literal["bar", "line", "stacked"]
    x: str
    series: list[str]


class KeyFigure(TypedDict, total=False):
    key: str
    label: Any
    order: int
    description: Any
    total: str
    figure: str
    row: str
    column: str
    default: Any
    value: Any
    type: ValueType


class Block(TypedDict, total=False):
    """A Bilancio data block (and, with "caption", a dashboard table)."""

    kind: BlockKind
    columns: list[Column]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    figures: list[Figure]
    chart: ChartSpec
    text: str
    note: str
    source: str
    caption: str
    key_figures: list[KeyFigure]
    rows_partition: Any
    part_of: Any
    relations: Any
    previous_editions: Any


class BlockShapeError(ValueError):
    """A provider returned (or registered) data that is not a block."""


def _fail(where: str, problem: str) -> None:
    raise BlockShapeError(f"{where}: {problem}")


def validate_key_figure(figure: Mapping[str, Any], where: str = "key figure") -> None:
    if not isinstance(figure, Mapping):
        _fail(where, "a key figure is a dict")
    if not figure.get("key"):
        _fail(where, "a key figure needs a 'key'")
    pointers = [k for k in ("total", "figure", "row", "value") if k in figure]
    if len(pointers) != 1:
        _fail(where, "a key figure names exactly one of 'total', 'figure', 'row', 'value'")
    if "row" in figure and "column" not in figure:
        _fail(where, "a key figure pointing at a row names its 'column'")
    if "value" in figure and figure.get("type") == "people":
        _fail(where, "a literal key figure cannot be a count of people")


def _validate_columns(columns: Any, where: str) -> set[str]:
    if not isinstance(columns, list):
        _fail(where, "'columns' is a list")
    keys = set()
    for column in columns:
        if not isinstance(column, Mapping) or not column.get("key") or "label" not in column:
            _fail(where, f"a column needs a 'key' and a 'label': {column!r}")
        if column.get("type", "text") not in VALUE_TYPES:
            _fail(where, f"column {column['key']!r} has an unknown type {column.get('type')!r}")
        keys.add(str(column["key"]))
    return keys


def validate_block(data: Any, where: str = "block") -> Block:
    """Check the shape of a provider's result; return it unchanged (typed) when it is a block."""
    if not isinstance(data, Mapping):
        _fail(where, f"a block is a dict, not {type(data).__name__}")
    kind = data.get("kind")
    if kind not in KINDS:
        _fail(where, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if kind in ("table", "chart") or "columns" in data:
        _validate_columns(data.get("columns", []), where)
        rows = data.get("rows", [])
        if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
            _fail(where, "'rows' is a list of dicts")
        if "totals" in data and not isinstance(data["totals"], Mapping):
            _fail(where, "'totals' is a dict")
    if kind == "figures" or "figures" in data:
        figures = data.get("figures", [])
        if not isinstance(figures, list):
            _fail(where, "'figures' is a list")
        for figure in figures:
            if not isinstance(figure, Mapping) or not figure.get("key") or "label" not in figure:
                _fail(where, f"a figure needs a 'key', a 'label' and a 'value': {figure!r}")
            if "value" not in figure:
                _fail(where, f"figure {figure['key']!r} has no 'value'")
            if figure.get("type", "number") not in VALUE_TYPES:
                _fail(where, f"figure {figure['key']!r} has an unknown type {figure['type']!r}")
    if kind == "text" and not isinstance(data.get("text", ""), str):
        _fail(where, "'text' is a string")
    chart = data.get("chart")
    if chart is not None and (not isinstance(chart, Mapping) or "series" not in chart):
        _fail(where, "'chart' is a dict with 'type', 'x' and 'series'")
    for i, figure in enumerate(data.get("key_figures", []) or []):
        validate_key_figure(figure, f"{where}, key figure {i + 1}")
    return cast(Block, data)


def validate_table(data: Any, where: str = "table") -> Block:
    """A dashboard table: columns and rows (the "kind" may be left out)."""
    if not isinstance(data, Mapping):
        _fail(where, f"a table is a dict, not {type(data).__name__}")
    validate_block({"kind": "table", **data}, where)
    return cast(Block, data)
