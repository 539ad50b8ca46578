"""Accessible SVG charts for the web pages and the Bilancio Sociale PDF (WeasyPrint).

Every chart is pure Python: a fixed viewBox, no CSS variables, no JavaScript, no external fonts,
every text escaped. The <svg> has role="img" and aria-labelledby pointing at its <title> and
<desc>; the description summarises the data. Values are written next to the marks (colour is
never the only carrier of information) and the same data is available as a table
(`table_header()` / `table_rows()`, rendered by the {% chart %} tag).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .formatting import (
    DARK_TEXT,
    NOT_AVAILABLE,
    clean_text,
    format_number,
    is_number,
    nice_ticks,
    text_width,
    truncate,
    with_unit,
)

FONT_FAMILY = "Titillium Web, sans-serif"
# Bootstrap Italia palette, each at least 4.5:1 against white (and against white text).
PALETTE = ["#0066CC", "#A66300", "#008055", "#17324D", "#CC334D", "#5D7083", "#7A4DBF"]
AXIS_COLOUR = "#5D7083"
GRID_COLOUR = "#D9DADB"
MUTED_TEXT = "#455B71"
EMPTY_MESSAGE = _("Nessun dato disponibile")


def esc(value: Any) -> str:
    """Escape text for SVG/XML content and attributes."""
    return str(escape(clean_text(value)))


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Series:
    name: Any
    values: Sequence[Any]
    colour: str | None = None

    def value_at(self, index: int) -> float | None:
        if index >= len(self.values):
            return None
        value = self.values[index]
        return float(value) if is_number(value) else None


class Chart(ABC):
    """Common parts: title, description, unit, labels, series, the SVG frame and the table."""

    width = 640
    height = 360
    kind = "chart"

    def __init__(
        self,
        *,
        title: Any,
        description: Any = "",
        unit: Any = "",
        labels: Sequence[Any] = (),
        series: Sequence[Series] = (),
        decimals: int | None = None,
        category_label: Any = None,
        source: Any = "",
        chart_id: str | None = None,
    ) -> None:
        self.title = title
        self.description = description
        self.unit = unit
        self.labels = [clean_text(label) for label in labels]
        self.series = list(series)
        self.decimals = decimals
        self.category_label = category_label
        self.source = source
        self._chart_id = chart_id

    # --- data -------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not self.labels or not any(
            s.value_at(i) is not None for s in self.series for i in range(len(self.labels))
        )

    def colour(self, index: int) -> str:
        series = self.series[index]
        return series.colour or PALETTE[index % len(PALETTE)]

    def fmt(self, value: Any) -> str:
        return format_number(value, self.decimals)

    def fmt_unit(self, value: Any) -> str:
        return with_unit(value, self.unit, self.decimals)

    def table_caption(self) -> str:
        title = clean_text(self.title)
        unit = clean_text(self.unit)
        return f"{title} ({unit})" if unit else title

    def table_header(self) -> list[str]:
        first = clean_text(self.category_label or gettext("Categoria"))
        return [first] + [clean_text(s.name) for s in self.series]

    def table_rows(self) -> list[list[str]]:
        """One row per label: the label, then each series' value formatted the Italian way."""
        return [
            [label] + [self.fmt(s.value_at(i)) for s in self.series]
            for i, label in enumerate(self.labels)
        ]

    def row_links(self) -> list[str | None]:
        """A link per table row (on its last row-header cell); None for no link."""
        return [None] * len(self.table_rows())

    def summary(self) -> str:
        """A sentence that summarises the data, for <desc> and screen readers."""
        if self.is_empty():
            return str(EMPTY_MESSAGE)
        parts = []
        for s in self.series:
            points = [(label, s.value_at(i)) for i, label in enumerate(self.labels)]
            known = [(label, v) for label, v in points if v is not None]
            if not known:
                continue
            top = max(known, key=lambda p: p[1])
            low = min(known, key=lambda p: p[1])
            prefix = f"{clean_text(s.name)}: " if len(self.series) > 1 else ""
            if len(known) == 1:
                parts.append(f"{prefix}{top[0]} {self.fmt_unit(top[1])}")
            else:
                parts.append(
                    prefix
                    + gettext(
                        "valore più alto %(top)s (%(top_value)s), più basso %(low)s (%(low_value)s)"
                    )
                    % {
                        "top": top[0],
                        "top_value": self.fmt_unit(top[1]),
                        "low": low[0],
                        "low_value": self.fmt_unit(low[1]),
                    }
                )
        count = gettext("%(count)s categorie") % {"count": len(self.labels)}
        return f"{count}; " + "; ".join(parts) + "."

    def full_description(self) -> str:
        own = clean_text(self.description).strip()
        summary = self.summary()
        if own and not own.endswith((".", "!", "?")):
            own += "."
        return f"{own} {summary}".strip()

    # --- SVG ---------------------------------------------------------------------------
    @property
    def chart_id(self) -> str:
        if self._chart_id:
            return self._chart_id
        payload = json.dumps(
            [
                self.kind,
                clean_text(self.title),
                self.labels,
                [[clean_text(s.name), [str(v) for v in s.values]] for s in self.series],
            ],
            sort_keys=True,
        )
        return "grafico-" + hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()[:10]

    def size(self) -> tuple[int, int]:
        if self.is_empty():
            return self.width, 160
        return self.width, self.height

    def svg(self) -> SafeString:
        width, height = self.size()
        body = (
            self.render_empty(width, height) if self.is_empty() else self.render_body(width, height)
        )
        cid = self.chart_id
        return mark_safe(  # noqa: S308  (every text above went through esc())
            # Sized by classes in static/portal/portal.css, not a style attribute: the CSP has
            # no 'unsafe-inline' for styles (issue 12.6). Scales down, never above its width.
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'class="cdn-chart cdn-chart-{self.kind} cdn-chart-w{width}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
            f'font-family="{FONT_FAMILY}" font-size="12">'
            f'<title id="{cid}-title">{esc(self.title)}</title>'
            f'<desc id="{cid}-desc">{esc(self.full_description())}</desc>'
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#FFFFFF"/>'
            f"{body}</svg>"
        )

    def __html__(self) -> str:
        return str(self.svg())

    def render_empty(self, width: int, height: int) -> str:
        return (
            f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" fill="#F5F6F7" '
            f'stroke="{GRID_COLOUR}"/>'
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
            f'dominant-baseline="middle" font-size="16" fill="{DARK_TEXT}">'
            f"{esc(EMPTY_MESSAGE)}</text>"
        )

    @abstractmethod
    def render_body(self, width: int, height: int) -> str:
        """The chart's own drawing inside the frame (each chart kind defines it)."""

    def legend(self, x: float, y: float, max_width: float) -> tuple[str, float]:
        """Series legend (swatch + name) from (x, y); returns the markup and the height used."""
        if len(self.series) < 2:
            return "", 0
        parts = []
        cx, cy = x, y
        for index, s in enumerate(self.series):
            name = truncate(clean_text(s.name), 40)
            item_width = 18 + text_width(name, 12) + 16
            if cx > x and cx + item_width > x + max_width:
                cx, cy = x, cy + 18
            parts.append(
                f'<rect x="{num(cx)}" y="{num(cy)}" width="12" height="12" '
                f'fill="{self.colour(index)}"/>'
                f'<text x="{num(cx + 17)}" y="{num(cy + 10)}" fill="{DARK_TEXT}">{esc(name)}</text>'
            )
            cx += item_width
        return '<g class="legend">' + "".join(parts) + "</g>", cy - y + 22


@dataclass
class ValueAxis:
    """A linear scale from data values to pixels, always including zero."""

    low: float
    high: float
    start: float  # pixel of `low`
    end: float  # pixel of `high`
    ticks: list[float] = field(default_factory=list)

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return self.start
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def value_axis(values: Sequence[float], start: float, end: float) -> ValueAxis:

    low = min([0.0, *values])
    high = max([0.0, *values])
    if low == high == 0:
        high = 1.0
    ticks = nice_ticks(low, high)
    return ValueAxis(low=ticks[0], high=ticks[-1], start=start, end=end, ticks=ticks)


def not_available_label() -> str:
    return NOT_AVAILABLE
