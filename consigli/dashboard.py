"""The dashboard's filters and its block registry (other apps add blocks here).

    from consigli.dashboard import register_block
    register_block("budget", _("Budget e spesa"), provider=budget_block, order=110)

A provider takes `DashboardFilters` and returns either a chart of citta_del_noi.charts (rendered
with its data table) or a table dict: {"columns": [{"key": ..., "label": ...}], "rows": [{...}],
"caption": "..."} — or None when it has nothing to show. Providers must aggregate in the
database with a bounded number of queries: the dashboard caches the rendered page for a few
minutes, keyed by the filters and the summary version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class DashboardFilters:
    """The filters of the URL, resolved: None means "all"."""

    period_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    azione_id: int | None = None
    zona_id: int | None = None

    def cache_key(self) -> str:
        return f"p{self.period_id or ''}-a{self.azione_id or ''}-z{self.zona_id or ''}"


Provider = Callable[[DashboardFilters], Any]


@dataclass(frozen=True)
class DashboardBlock:
    key: str
    title: str | Promise
    provider: Provider
    order: int = 100


_BLOCKS: dict[str, DashboardBlock] = {}


def register_block(key: str, title: str | Promise, provider: Provider, order: int = 100) -> None:
    """Add (or replace) a dashboard block. Call from AppConfig.ready()."""
    _BLOCKS[key] = DashboardBlock(key=key, title=title, provider=provider, order=order)


def unregister_block(key: str) -> None:
    _BLOCKS.pop(key, None)


def blocks() -> list[DashboardBlock]:
    return sorted(_BLOCKS.values(), key=lambda b: (b.order, b.key))
