"""The block shape is one typed structure, checked when a block registers and when a snapshot is
taken (citta_del_noi/reporting/blocks.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bilancio_sociale.registry import DataBlock, Period, register_section, unregister_section
from bilancio_sociale.services import collect_sections
from citta_del_noi.reporting.blocks import BlockShapeError, validate_block, validate_table
from citta_del_noi.reporting.dashboard import DashboardBlock, DashboardFilters

PERIOD = Period(date(2017, 1, 1), date(2017, 12, 31))


def test_a_well_formed_block_passes_unchanged() -> None:
    block = {
        "kind": "table",
        "columns": [{"key": "zona", "label": "Zona", "type": "text"}],
        "rows": [{"zona": "Nord"}],
        "key_figures": [{"key": "n", "label": "N", "total": "zona"}],
    }
    assert validate_block(block) is block


@pytest.mark.parametrize(
    "data",
    [
        ["not", "a", "dict"],
        {"kind": "tabella"},
        {"kind": "table", "columns": [{"label": "senza chiave"}], "rows": []},
        {"kind": "table", "columns": [{"key": "x", "label": "X", "type": "persone"}]},
        {"kind": "figures", "figures": [{"key": "x", "label": "X"}]},
        {"kind": "empty", "key_figures": [{"key": "x", "value": 3, "type": "people"}]},
    ],
)
def test_a_malformed_block_is_refused_with_its_name(data: object) -> None:
    with pytest.raises(BlockShapeError, match="test-block"):
        validate_block(data, "test-block")


def test_a_block_with_a_malformed_key_figure_cannot_register() -> None:
    with pytest.raises(BlockShapeError):
        DataBlock(
            key="x",
            title="X",
            provider=lambda period: {"kind": "empty"},
            key_figures=({"key": "x"},),  # points at nothing
        )


def test_a_dashboard_table_is_checked_too() -> None:
    validate_table({"columns": [{"key": "a", "label": "A"}], "rows": [{"a": 1}], "caption": "c"})
    block = DashboardBlock(key="t", title="T", provider=lambda f: {"rows": "no"})
    with pytest.raises(BlockShapeError, match="dashboard block t"):
        block.run(DashboardFilters())


@pytest.mark.django_db
def test_a_provider_of_the_wrong_shape_is_frozen_as_unavailable() -> None:
    register_section(
        key="x-shape",
        title="Prova",
        order=999,
        blocks=[
            DataBlock(key="bad", title="Bad", provider=lambda period: {"kind": "tabella"}),
            DataBlock(
                key="good",
                title="Good",
                provider=lambda period: {"kind": "text", "text": "ok"},
            ),
        ],
    )
    try:
        (section,) = collect_sections(PERIOD, only={"x-shape"})
    finally:
        unregister_section("x-shape")
    bad, good = section["blocks"]
    assert bad["data"]["kind"] == "empty"
    assert "errore di calcolo" in bad["data"]["note"]
    assert good["data"] == {"kind": "text", "text": "ok"}
