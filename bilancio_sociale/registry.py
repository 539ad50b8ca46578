"""The report-section registry.

Each app registers its Bilancio Sociale sections and data blocks in its AppConfig.ready():

    from bilancio_sociale.registry import DataBlock, register_section
    register_section(key="persone", title=_("Le persone"), order=40, blocks=[
        DataBlock(key="volontari", title=_("Volontari e ore"), provider=volunteers_block),
    ])

A provider takes the edition's period (`Period(start, end)`) and returns plain JSON-able data
computed by the app's selectors in the database; see `BlockData` for the shape. Taking a
snapshot runs the registered preparations (`register_preparation`), then calls every provider
once; HTML, PDF and open data render from that JSON only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Period:
    start: date
    end: date


# A provider returns a dict such as:
# {
#   "kind": "table" | "figures" | "chart" | "text" | "empty",
#   "columns": [{"key": "zona", "label": "Zona", "type": "text"|"people"|"number"|"money"|"percent",
#                "sensitive": False}],
#   "rows": [{"zona": "Nord", "partecipanti": 120}],
#   "totals": {"partecipanti": 530},                  # optional
#   "figures": [{"key": "...", "label": "...", "value": 12, "type": "people"}],   # for "figures"
#   "chart": {"type": "bar"|"line"|"stacked", "x": "zona", "series": ["partecipanti"]},  # optional
#   "note": "testo", "source": "testo"               # optional
# }
# "people" columns are subject to disclosure control before publication (threshold
# settings.DISCLOSURE_THRESHOLD; DISCLOSURE_THRESHOLD_SENSITIVE for a column or figure with
# "sensitive": True or a row with "_sensitive": True, e.g. a sensitive target group).
# A row may carry "_key": a stable key used to match it with earlier editions (default: the
# first text column). For the edition-wide disclosure audit a block declares what its people
# counts are ("quantity" on columns and figures, "_quantity" on rows, "rows_partition",
# "part_of", "relations"): see bilancio_sociale/disclosure.py; the same quantity in two blocks is
# one figure a reader can combine, so declare it where the figure is computed the same way.
# "kind": "text" blocks carry "text" (plain text).
#
# Key figures ("in breve", the summary for a non-expert reader): a block marks the few numbers
# that matter with "key_figures" in its data, or statically with `DataBlock(key_figures=...)` /
# `register_key_figures()` (applied when rendering, so earlier snapshots get them too):
#   "key_figures": [{"key": "partecipanti", "label": "Partecipanti", "order": 20,
#                    "description": "Una frase per chi legge.",   # optional
#                    "total": "partecipanti"}]                    # the column total, or
#                   {"figure": "volontari"}                       # a figure, or
#                   {"row": "<row key>", "column": "bisogni", "default": 0}   # a cell, or
#                   {"value": 12, "type": "number"}               # a literal, never "people"
# A key figure points at a value shown in the block itself and is read AFTER disclosure control,
# so "in breve" shows exactly what the full report shows (a suppressed count stays suppressed).
# A literal count of people is not shown: point at a "people" column total or figure instead.
BlockData = dict[str, Any]
KeyFigure = dict[str, Any]
Provider = Callable[[Period], BlockData]


@dataclass(frozen=True)
class DataBlock:
    key: str
    title: str | Promise
    provider: Provider
    description: str | Promise = ""
    key_figures: tuple[KeyFigure, ...] = ()


@dataclass
class Section:
    key: str
    title: str | Promise
    order: int
    blocks: list[DataBlock] = field(default_factory=list)
    description: str | Promise = ""


_SECTIONS: dict[str, Section] = {}
_PREPARATIONS: dict[str, Callable[[], Any]] = {}
_KEY_FIGURES: dict[tuple[str, str], list[KeyFigure]] = {}


def register_section(
    *,
    key: str,
    title: str | Promise,
    order: int,
    blocks: list[DataBlock] | None = None,
    description: str | Promise = "",
) -> Section:
    """Register (or extend) a section. Two apps may add blocks to the same section key."""
    section = _SECTIONS.get(key)
    if section is None:
        section = Section(key=key, title=title, order=order, description=description)
        _SECTIONS[key] = section
    existing = {b.key for b in section.blocks}
    for block in blocks or []:
        if block.key in existing:
            raise ValueError(f"Data block {key}.{block.key} registered twice")
        section.blocks.append(block)
    return section


def register_key_figures(section_key: str, block_key: str, figures: list[KeyFigure]) -> None:
    """Mark key figures of a block registered by another app (see "key_figures" above)."""
    _KEY_FIGURES[(section_key, block_key)] = list(figures)


def key_figures_for(section_key: str, block_key: str) -> list[KeyFigure]:
    """The statically declared key figures of a block (DataBlock and register_key_figures)."""
    out = list(_KEY_FIGURES.get((section_key, block_key), []))
    section = _SECTIONS.get(section_key)
    for block in section.blocks if section else []:
        if block.key == block_key:
            out.extend(block.key_figures)
    return out


def register_preparation(key: str, prepare: Callable[[], Any]) -> None:
    """Work to do once before the providers of a snapshot run, e.g. bringing an app's summary
    tables up to date so that its providers can read them instead of the raw records."""
    _PREPARATIONS[key] = prepare


def preparations() -> list[Callable[[], Any]]:
    return [_PREPARATIONS[key] for key in sorted(_PREPARATIONS)]


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def get_section(key: str) -> Section | None:
    return _SECTIONS.get(key)


def unregister_section(key: str) -> None:
    """For tests that register throw-away sections."""
    _SECTIONS.pop(key, None)
