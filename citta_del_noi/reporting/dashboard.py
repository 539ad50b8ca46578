"""The councils' dashboard: its filters and its block registry (the apps add blocks here; it
lives in the shared layer so that agencies can register without importing consigli).

    from citta_del_noi.reporting.dashboard import register_block
    register_block("budget", _("Budget e spesa"), provider=budget_block, order=110)

A provider takes `DashboardFilters` and returns either a chart of citta_del_noi.charts (rendered
with its data table) or a table `Block` (citta_del_noi/reporting/blocks.py, the shape the
Bilancio's blocks have): {"columns": [{"key": ..., "label": ...}], "rows": [{...}],
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

from .blocks import validate_table


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

    def __post_init__(self) -> None:
        if not self.key or not callable(self.provider):
            raise ValueError(f"Dashboard block {self.key!r}: a key and a provider are needed")

    def run(self, filters: DashboardFilters) -> Any:
        """The provider's result; a table is checked against the block shape."""
        result = self.provider(filters)
        if isinstance(result, dict):
            validate_table(result, f"dashboard block {self.key}")
        return result


_BLOCKS: dict[str, DashboardBlock] = {}


def register_block(key: str, title: str | Promise, provider: Provider, order: int = 100) -> None:
    """Add (or replace) a dashboard block. Call from AppConfig.ready()."""
    _BLOCKS[key] = DashboardBlock(key=key, title=title, provider=provider, order=order)


def unregister_block(key: str) -> None:
    _BLOCKS.pop(key, None)


def blocks() -> list[DashboardBlock]:
    return sorted(_BLOCKS.values(), key=lambda b: (b.order, b.key))
