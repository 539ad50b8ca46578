"""The Bilancio Sociale's section registry (read by bilancio_sociale, filled by the apps).

Each app registers its Bilancio Sociale sections and data blocks in its AppConfig.ready():

    from citta_del_noi.reporting.bilancio import DataBlock, register_section
    register_section(key="persone", title=_("Le persone"), order=40, blocks=[
        DataBlock(key="volontari", title=_("Volontari e ore"), provider=volunteers_block),
    ])

A provider takes the edition's period (`Period(start, end)`) and returns plain JSON-able data
computed by the app's selectors in the database: a `Block` (citta_del_noi/reporting/blocks.py),
checked when the block registers and when the snapshot is taken. Taking a
snapshot runs the registered preparations (`register_preparation`), then calls every provider
once; HTML, PDF and open data render from that JSON only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise

from .blocks import Block, KeyFigure, validate_key_figure


@dataclass(frozen=True)
class Period:
    start: date
    end: date


# A provider returns a `Block` (citta_del_noi/reporting/blocks.py: the typed shape, its keys
# and the disclosure and key-figure conventions), validated when the snapshot is taken.
BlockData = Block
# Providers return a Block; a Mapping is accepted too (a provider that builds its block in
# steps), since every result is validated against the shape when the snapshot is taken.
Provider = Callable[[Period], Block | Mapping[str, Any]]


@dataclass(frozen=True)
class DataBlock:
    key: str
    title: str | Promise
    provider: Provider
    description: str | Promise = ""
    key_figures: tuple[KeyFigure, ...] = ()
    # Position among the blocks of its section (several apps may fill one section).
    order: int = 100

    def __post_init__(self) -> None:
        if not self.key or not callable(self.provider):
            raise ValueError(f"Data block {self.key!r}: a key and a provider function are needed")
        for figure in self.key_figures:
            validate_key_figure(figure, f"data block {self.key}")


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
_PENDING_BLOCKS: dict[str, list[DataBlock]] = {}
_CURRENT_ACTIONS: dict[str, Callable[[], list[tuple[str, str]]]] = {}


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
        blocks = _PENDING_BLOCKS.pop(key, []) + list(blocks or [])
    existing = {b.key for b in section.blocks}
    for block in blocks or []:
        if block.key in existing:
            raise ValueError(f"Data block {key}.{block.key} registered twice")
        section.blocks.append(block)
    section.blocks.sort(key=lambda b: b.order)  # stable: same order keeps registration order
    return section


def add_blocks(section_key: str, blocks: list[DataBlock]) -> None:
    """Add an app's blocks to a section that another app registers (before or after this call):
    e.g. cantieri's and the agencies' blocks of the Bilancio's "identita". Ordered by
    `DataBlock.order` within the section."""
    section = _SECTIONS.get(section_key)
    if section is None:
        _PENDING_BLOCKS.setdefault(section_key, []).extend(blocks)
    else:
        register_section(key=section_key, title=section.title, order=section.order, blocks=blocks)


def register_current_actions(provider: Callable[[], list[tuple[str, str]]]) -> None:
    """The programme's actions now, as (slug, "N. name"): what staff can write about in the
    Bilancio's per-action texts (registered by cantieri)."""
    _CURRENT_ACTIONS["default"] = provider


def current_actions() -> list[tuple[str, str]]:
    provider = _CURRENT_ACTIONS.get("default")
    return provider() if provider is not None else []


def register_key_figures(section_key: str, block_key: str, figures: list[KeyFigure]) -> None:
    """Mark key figures of a block registered by another app (see "key_figures" above)."""
    for figure in figures:
        validate_key_figure(figure, f"key figures of {section_key}.{block_key}")
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
