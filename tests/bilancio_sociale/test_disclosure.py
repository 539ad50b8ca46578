"""Disclosure control on crafted data: primary and secondary suppression."""

from __future__ import annotations

from itertools import product
from typing import Any

from bilancio_sociale.disclosure import SECONDARY, protect_block, protect_snapshot

COLS = [
    {"key": "zona", "label": "Zona", "type": "text"},
    {"key": "a", "label": "Anziani", "type": "people"},
    {"key": "b", "label": "Giovani", "type": "people"},
    {"key": "c", "label": "Famiglie", "type": "people"},
]


def table(rows, totals=None, columns=COLS):
    return {"kind": "table", "columns": columns, "rows": rows, "totals": totals or {}}


def hidden(value) -> bool:
    return isinstance(value, str)


def _recoverable(block: dict, original: dict) -> list[str]:
    """Cells a reader could recompute: a row or column with exactly one hidden cell whose
    total (column) or other cells (row) are known."""
    problems = []
    rows, orig_rows = block["rows"], original["rows"]
    keys = [c["key"] for c in COLS if c["type"] == "people"]
    for key in keys:
        cells = [r[key] for r in rows]
        if sum(hidden(v) for v in cells) == 1 and not hidden(block["totals"].get(key)):
            problems.append(f"colonna {key}")
    for i, row in enumerate(rows):
        if sum(hidden(row[k]) for k in keys) == 1:
            problems.append(f"riga {orig_rows[i]['zona']}")
    return problems


def test_primary_suppression_uses_the_thresholds(settings):
    settings.DISCLOSURE_THRESHOLD = 5
    settings.DISCLOSURE_THRESHOLD_SENSITIVE = 10
    block = protect_block(
        {
            "kind": "figures",
            "figures": [
                {"key": "n", "label": "Persone", "value": 4, "type": "people"},
                {"key": "m", "label": "Persone", "value": 5, "type": "people"},
                {"key": "z", "label": "Persone", "value": 0, "type": "people"},
                {
                    "key": "d",
                    "label": "Con disabilità",
                    "value": 9,
                    "type": "people",
                    "sensitive": True,
                },
                {
                    "key": "e",
                    "label": "Con disabilità",
                    "value": 10,
                    "type": "people",
                    "sensitive": True,
                },
                {"key": "eur", "label": "Euro", "value": 3, "type": "money"},
            ],
        }
    )
    values = {f["key"]: f["value"] for f in block["figures"]}
    assert values == {"n": "< 5", "m": 5, "z": 0, "d": "< 10", "e": 10, "eur": 3}


def test_secondary_suppression_in_column_with_total():
    original = table(
        [
            {"zona": "Nord", "a": 3, "b": 0, "c": 0},
            {"zona": "Sud", "a": 40, "b": 0, "c": 0},
            {"zona": "Est", "a": 25, "b": 0, "c": 0},
        ],
        totals={"a": 68},
    )
    # only one people column with values: make the table one-column to isolate the column rule
    cols = COLS[:2]
    original = table(
        [{k: r[k] for k in ("zona", "a")} for r in original["rows"]], totals={"a": 68}, columns=cols
    )
    block = protect_block(original)
    assert [r["a"] for r in block["rows"]] == ["< 5", 40, SECONDARY]  # 25 is the next smallest
    assert block["totals"]["a"] == 68
    reasons = {(d["row"], d["reason"]) for d in block["disclosure"]}
    assert reasons == {(0, "primary"), (2, "secondary")}


def test_single_cell_column_hides_the_total():
    block = protect_block(table([{"zona": "Nord", "a": 2}], totals={"a": 2}, columns=COLS[:2]))
    assert block["rows"][0]["a"] == "< 5"
    assert block["totals"]["a"] == "< 5"


def test_rows_and_columns_reach_a_fixed_point():
    original = table(
        [
            {"zona": "Nord", "a": 2, "b": 30, "c": 12},
            {"zona": "Sud", "a": 18, "b": 4, "c": 22},
            {"zona": "Est", "a": 9, "b": 15, "c": 60},
            {"zona": "Ovest", "a": 33, "b": 27, "c": 41},
        ],
        totals={"a": 62, "b": 76, "c": 135},
    )
    block = protect_block(original)
    assert block["rows"][0]["a"] == "< 5" and block["rows"][1]["b"] == "< 5"
    assert _recoverable(block, original) == []
    # no visible value was changed, and the input was not touched
    for new, old in zip(block["rows"], original["rows"], strict=True):
        for key in ("a", "b", "c"):
            assert new[key] == old[key] or hidden(new[key])
    assert original["rows"][0]["a"] == 2


def test_sensitive_column_and_row():
    cols = [
        COLS[0],
        {"key": "a", "label": "Persone con disabilità", "type": "people", "sensitive": True},
        COLS[2],
    ]
    block = protect_block(
        table(
            [
                {"zona": "Nord", "a": 8, "b": 8},
                {"zona": "Sud", "a": 20, "b": 30},
                {"zona": "Est", "a": 14, "b": 9, "_sensitive": True},
            ],
            columns=cols,
        )
    )
    rows = block["rows"]
    assert rows[0]["a"] == "< 10"  # sensitive column: 8 < 10
    assert rows[0]["b"] != 8  # hidden too: the row would reveal it
    assert rows[2]["b"] == "< 10"  # sensitive row (e.g. a sensitive target group)
    assert rows[1]["b"] == 30 or hidden(rows[1]["b"])


def test_exhaustive_small_tables_are_never_recoverable():
    """Every 3×2 table with values in {0, 2, 7, 30}: no hidden value can be recomputed."""
    cols = COLS[:3]
    for values in product((0, 2, 7, 30), repeat=6):
        rows: list[dict[str, Any]] = [
            {"zona": f"z{i}", "a": values[2 * i], "b": values[2 * i + 1]} for i in range(3)
        ]
        original = table(
            rows,
            totals={"a": sum(r["a"] for r in rows), "b": sum(r["b"] for r in rows)},
            columns=cols,
        )
        block = protect_block(original)
        for key in ("a", "b"):
            col = [r[key] for r in block["rows"]]
            n_hidden = sum(hidden(v) for v in col)
            assert n_hidden != 1 or hidden(block["totals"][key]), (values, key)
        for r in block["rows"]:
            assert sum(hidden(r[k]) for k in ("a", "b")) != 1, values
        for r, o in zip(block["rows"], rows, strict=True):
            for key in ("a", "b"):
                if 0 < o[key] < 5:
                    assert r[key] == "< 5"


def test_protect_snapshot_covers_every_block():
    snap: dict[str, Any] = {
        "sections": [
            {
                "key": "s",
                "title": "S",
                "blocks": [
                    {
                        "key": "b1",
                        "title": "B1",
                        "data": table([{"zona": "Nord", "a": 1}], columns=COLS[:2]),
                    },
                    {
                        "key": "b2",
                        "title": "B2",
                        "data": {
                            "kind": "figures",
                            "figures": [{"key": "x", "label": "X", "value": 3, "type": "people"}],
                        },
                    },
                ],
            }
        ]
    }
    out = protect_snapshot(snap)
    assert out["sections"][0]["blocks"][0]["data"]["rows"][0]["a"] == "< 5"
    assert out["sections"][0]["blocks"][1]["data"]["figures"][0]["value"] == "< 5"
    assert snap["sections"][0]["blocks"][0]["data"]["rows"][0]["a"] == 1


def test_chart_with_no_data_says_so():
    from bilancio_sociale.render import build_document
    from citta_del_noi.charts import EMPTY_MESSAGE

    snap: dict[str, Any] = {
        "sections": [
            {
                "key": "s",
                "title": "S",
                "blocks": [
                    {
                        "key": "b",
                        "title": "Grafico vuoto",
                        "data": {
                            **table(
                                [{"zona": "Nord", "a": 2}, {"zona": "Sud", "a": 0}],
                                columns=COLS[:2],
                            ),
                            "chart": {"type": "bar", "x": "zona", "series": ["a"]},
                        },
                    },
                ],
            }
        ]
    }
    block = (
        build_document(snapshot=snap, texts={}, title="T", period_label="P").sections[0].blocks[0]
    )
    assert block.chart is not None
    assert str(EMPTY_MESSAGE) in str(block.chart.svg())


def test_thresholds_frozen_in_the_snapshot_survive_a_change_of_setting(settings) -> None:
    """A published edition keeps the thresholds it was frozen with: changing the setting later
    does not change its web page or open data (the PDF cannot change)."""
    snapshot = {
        "disclosure": {"threshold": 5, "sensitive": 10},
        "sections": [
            {
                "key": "s",
                "title": "S",
                "blocks": [{"key": "b", "title": "B", "data": table([{"zona": "Nord", "a": 7}])}],
            }
        ],
    }
    settings.DISCLOSURE_THRESHOLD = 20
    protected = protect_snapshot(snapshot)
    assert protected["sections"][0]["blocks"][0]["data"]["rows"][0]["a"] == 7
    assert protected["disclosure"] == {"threshold": 5, "sensitive": 10}
    # A snapshot without frozen thresholds (older data) uses the setting.
    del snapshot["disclosure"]
    assert protect_snapshot(snapshot)["sections"][0]["blocks"][0]["data"]["rows"][0]["a"] == "< 20"
