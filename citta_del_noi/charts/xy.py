"""Bar, horizontal bar, stacked bar and line charts."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext

from .base import AXIS_COLOUR, GRID_COLOUR, MUTED_TEXT, Chart, ValueAxis, esc, num, value_axis
from .formatting import (
    DARK_TEXT,
    NOT_AVAILABLE,
    clean_text,
    text_colour_on,
    text_width,
    truncate,
    wrap_words,
)

LABEL_SIZE = 11
VALUE_SIZE = 11


def _tick_labels(chart: Chart, axis: ValueAxis) -> list[str]:
    return [chart.fmt(tick) for tick in axis.ticks]


def _vertical_grid(chart: Chart, axis: ValueAxis, left: float, right: float) -> str:
    parts = []
    for tick, label in zip(axis.ticks, _tick_labels(chart, axis), strict=True):
        y = axis(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" '
            f'stroke="{colour}" stroke-width="1"/>'
            f'<text x="{num(left - 6)}" y="{num(y + 4)}" text-anchor="end" '
            f'font-size="{LABEL_SIZE}" fill="{MUTED_TEXT}">{esc(label)}</text>'
        )
    return '<g class="grid">' + "".join(parts) + "</g>"


def _lines(lines: list[str], x: float, first_y: float) -> str:
    """Label lines as <tspan>s under each other (the <text> keeps the full label in <title>)."""
    return "".join(
        f'<tspan x="{num(x)}" y="{num(first_y + i * (LABEL_SIZE + 2))}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )


def _category_labels(
    labels: list[str], centres: list[float], band: float, y: float
) -> tuple[str, float]:
    """Labels under the bars: horizontal when they fit, else slanted. Returns (markup, height)."""
    fit_chars = int(band / (LABEL_SIZE * 0.52))
    longest = max((len(label) for label in labels), default=0)
    parts = []
    if longest <= fit_chars or fit_chars >= 10:
        for label, x in zip(labels, centres, strict=True):
            lines = wrap_words(label, max(fit_chars, 4), 2)
            parts.append(
                f'<text x="{num(x)}" y="{num(y + 14)}" text-anchor="middle" '
                f'font-size="{LABEL_SIZE}" fill="{DARK_TEXT}"><title>{esc(label)}</title>'
                f"{_lines(lines, x, y + 14)}</text>"
            )
        return "".join(parts), 22 + (LABEL_SIZE + 2) * (longest > fit_chars)
    for label, x in zip(labels, centres, strict=True):
        short = truncate(label, 18)
        parts.append(
            f'<text x="{num(x)}" y="{num(y + 12)}" text-anchor="end" font-size="{LABEL_SIZE}" '
            f'fill="{DARK_TEXT}" transform="rotate(-40 {num(x)} {num(y + 12)})">'
            f"<title>{esc(label)}</title>{esc(short)}</text>"
        )
    return "".join(parts), 18 * LABEL_SIZE * 0.52 * 0.65 + 20


def _needed_bottom(labels: list[str], band: float) -> float:
    fit_chars = int(band / (LABEL_SIZE * 0.52))
    longest = max((len(label) for label in labels), default=0)
    if longest <= fit_chars:
        return 30
    if fit_chars >= 10:
        return 30 + LABEL_SIZE + 2  # a second line under the bar
    return min(longest, 18) * LABEL_SIZE * 0.52 * 0.65 + 28


def _bar_title(chart: Chart, label: str, series: Any, value: float) -> str:
    return f"<title>{esc(label)} – {esc(series.name)}: {esc(chart.fmt_unit(value))}</title>"


def _slant_left(labels: list[str], band: float) -> float:
    """Left margin that keeps the first slanted label inside the picture."""
    fit_chars = int(band / (LABEL_SIZE * 0.52))
    longest = max((len(label) for label in labels), default=0)
    if longest <= fit_chars or fit_chars >= 10:
        return 0
    return min(longest, 18) * LABEL_SIZE * 0.52 * 0.77 - band / 2 + 6


def _value_label(
    text: str,
    x: float,
    y: float,
    anchor: str = "middle",
    size: float = VALUE_SIZE,
    fill: str = DARK_TEXT,
) -> str:
    return (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{num(size)}" '
        f'fill="{fill}">{esc(text)}</text>'
    )


class BarChart(Chart):
    """Vertical bars, one group per label, one bar per series; values written above the bars."""

    kind = "bar"

    def _layout(self, width: int, height: int) -> dict[str, Any]:
        legend, legend_h = self.legend(12, 8, width - 24)
        values = [
            v
            for s in self.series
            for i in range(len(self.labels))
            if (v := s.value_at(i)) is not None
        ]
        probe = value_axis(values, 0, 1)
        tick_w = max(text_width(self.fmt(t), LABEL_SIZE) for t in probe.ticks)
        left = 12 + tick_w + 8
        right = width - 12
        band = (right - left) / len(self.labels)
        slant = _slant_left(self.labels, band)
        if slant > left:
            left = slant
            band = (right - left) / len(self.labels)
        bottom = height - _needed_bottom(self.labels, band)
        top = 8 + legend_h + 16
        axis = value_axis(values, bottom, top)
        return {
            "legend": legend,
            "left": left,
            "right": right,
            "top": top,
            "bottom": bottom,
            "band": band,
            "axis": axis,
        }

    def render_body(self, width: int, height: int) -> str:
        lay = self._layout(width, height)
        axis: ValueAxis = lay["axis"]
        left, band, bottom = lay["left"], lay["band"], lay["bottom"]
        n_series = max(len(self.series), 1)
        inner = band * 0.76
        bar_w = inner / n_series
        zero = axis(0)
        parts = [lay["legend"], _vertical_grid(self, axis, left, lay["right"])]
        centres = []
        for i, label in enumerate(self.labels):
            start = left + i * band + (band - inner) / 2
            centres.append(left + i * band + band / 2)
            group = [f"<g><title>{esc(label)}</title>"]
            for j, s in enumerate(self.series):
                x = start + j * bar_w
                value = s.value_at(i)
                cx = x + bar_w / 2
                size = min(VALUE_SIZE, max(8.0, bar_w * 0.5))
                if value is None:
                    group.append(
                        _value_label(NOT_AVAILABLE, cx, zero - 4, size=size, fill=MUTED_TEXT)
                    )
                    continue
                y = axis(value)
                top, h = min(y, zero), abs(zero - y)
                group.append(
                    f'<rect class="bar" x="{num(x + 1)}" y="{num(top)}" '
                    f'width="{num(max(bar_w - 2, 1))}" '
                    f'height="{num(h)}" fill="{self.colour(j)}" data-value="{esc(value)}">'
                    f"{_bar_title(self, label, s, value)}</rect>"
                )
                text = self.fmt(value)
                if text_width(text, size) <= bar_w + band * 0.2 / n_series + 4:
                    ty = top - 4 if value >= 0 else top + h + size + 2
                    group.append(_value_label(text, cx, ty, size=size))
            group.append("</g>")
            parts.append("".join(group))
        labels, _ = _category_labels(self.labels, centres, band, bottom)
        parts.append(labels)
        return "".join(parts)


class HBarChart(Chart):
    """Horizontal bars, for long labels (e.g. the 33 quartieri); values after the bars."""

    kind = "hbar"
    row_gap = 10

    def _row_height(self) -> float:
        return 18 * max(len(self.series), 1) + self.row_gap

    def size(self) -> tuple[int, int]:
        if self.is_empty():
            return self.width, 200
        legend_h = 0 if len(self.series) < 2 else 22 + 18 * (len(self.series) // 4)
        return self.width, int(16 + legend_h + len(self.labels) * self._row_height() + 30)

    def render_body(self, width: int, height: int) -> str:
        legend, legend_h = self.legend(12, 8, width - 24)
        values = [
            v
            for s in self.series
            for i in range(len(self.labels))
            if (v := s.value_at(i)) is not None
        ]
        longest = max(text_width(label, LABEL_SIZE) for label in self.labels)
        left = min(longest + 20, width * 0.42)
        max_chars = int((left - 12) / (LABEL_SIZE * 0.52))
        value_w = max(text_width(self.fmt(v), VALUE_SIZE) for v in values) + 10
        has_negative = any(v < 0 for v in values)
        right = width - value_w - 8
        plot_left = left + (value_w if has_negative else 0)
        top = 8 + legend_h + 4
        bottom = height - 26
        axis = value_axis(values, plot_left, right)
        parts = [legend]
        for tick in axis.ticks:
            x = axis(tick)
            colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
            parts.append(
                f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" '
                f'stroke="{colour}"/><text x="{num(x)}" y="{num(bottom + 16)}" '
                f'text-anchor="middle" '
                f'font-size="{LABEL_SIZE}" fill="{MUTED_TEXT}">{esc(self.fmt(tick))}</text>'
            )
        row_h = self._row_height()
        bar_h = 16
        zero = axis(0)
        for i, label in enumerate(self.labels):
            y0 = top + i * row_h + self.row_gap / 2
            mid = y0 + (row_h - self.row_gap) / 2
            lines = wrap_words(label, max_chars, 2)
            first = mid + 4 - (len(lines) - 1) * (LABEL_SIZE + 2) / 2
            parts.append(
                f'<g><text x="{num(left - 8)}" y="{num(first)}" text-anchor="end" '
                f'font-size="{LABEL_SIZE}" fill="{DARK_TEXT}"><title>{esc(label)}</title>'
                f"{_lines(lines, left - 8, first)}</text>"
            )
            for j, s in enumerate(self.series):
                y = y0 + j * 18
                value = s.value_at(i)
                if value is None:
                    parts.append(
                        _value_label(NOT_AVAILABLE, zero + 4, y + 12, "start", fill=MUTED_TEXT)
                    )
                    continue
                x = axis(value)
                bx, w = min(x, zero), abs(x - zero)
                parts.append(
                    f'<rect class="bar" x="{num(bx)}" y="{num(y)}" width="{num(w)}" '
                    f'height="{bar_h}" fill="{self.colour(j)}" data-value="{esc(value)}">'
                    f"{_bar_title(self, label, s, value)}</rect>"
                )
                if value >= 0:
                    parts.append(_value_label(self.fmt(value), bx + w + 4, y + 12, "start"))
                else:
                    parts.append(_value_label(self.fmt(value), bx - 4, y + 12, "end"))
            parts.append("</g>")
        return "".join(parts)


class StackedBarChart(Chart):
    """Vertical bars split into the series' parts; each part and each total is labelled."""

    kind = "stacked"

    def table_header(self) -> list[str]:
        return [*super().table_header(), gettext("Totale")]

    def table_rows(self) -> list[list[str]]:
        rows = super().table_rows()
        for i, row in enumerate(rows):
            parts = [s.value_at(i) for s in self.series]
            known = [p for p in parts if p is not None]
            row.append(self.fmt(sum(known)) if known else NOT_AVAILABLE)
        return rows

    def _stacks(self) -> list[tuple[float, float]]:
        stacks = []
        for i in range(len(self.labels)):
            parts = [v for s in self.series if (v := s.value_at(i)) is not None]
            stacks.append((sum(p for p in parts if p > 0), sum(p for p in parts if p < 0)))
        return stacks

    def summary(self) -> str:
        if self.is_empty():
            return super().summary()
        totals = [
            (label, pos + neg)
            for label, (pos, neg) in zip(self.labels, self._stacks(), strict=True)
        ]
        top = max(totals, key=lambda p: p[1])
        names = ", ".join(clean_text(s.name) for s in self.series)
        return gettext(
            "%(count)s categorie, ciascuna divisa in: %(names)s. "
            "Totale più alto: %(top)s (%(value)s)."
        ) % {
            "count": len(self.labels),
            "names": names,
            "top": top[0],
            "value": self.fmt_unit(top[1]),
        }

    def render_body(self, width: int, height: int) -> str:
        legend, legend_h = self.legend(12, 8, width - 24)
        stacks = self._stacks()
        extremes = [v for pos, neg in stacks for v in (pos, neg)]
        probe = value_axis(extremes, 0, 1)
        left = 12 + max(text_width(self.fmt(t), LABEL_SIZE) for t in probe.ticks) + 8
        right = width - 12
        band = (right - left) / len(self.labels)
        slant = _slant_left(self.labels, band)
        if slant > left:
            left = slant
            band = (right - left) / len(self.labels)
        bottom = height - _needed_bottom(self.labels, band)
        top = 8 + legend_h + 16
        axis = value_axis(extremes, bottom, top)
        parts = [legend, _vertical_grid(self, axis, left, right)]
        bar_w = band * 0.6
        centres = []
        for i, label in enumerate(self.labels):
            x = left + i * band + (band - bar_w) / 2
            centres.append(x + bar_w / 2)
            up = down = 0.0
            parts.append(f"<g><title>{esc(label)}</title>")
            for j, s in enumerate(self.series):
                value = s.value_at(i)
                if value is None or value == 0:
                    continue
                if value > 0:
                    y_a, y_b = axis(up), axis(up + value)
                    up += value
                else:
                    y_a, y_b = axis(down), axis(down + value)
                    down += value
                seg_top, h = min(y_a, y_b), abs(y_a - y_b)
                fill = self.colour(j)
                parts.append(
                    f'<rect class="bar" x="{num(x)}" y="{num(seg_top)}" width="{num(bar_w)}" '
                    f'height="{num(h)}" fill="{fill}" stroke="#FFFFFF" stroke-width="1" '
                    f'data-value="{esc(value)}"><title>{esc(label)} – {esc(s.name)}: '
                    f"{esc(self.fmt_unit(value))}</title></rect>"
                )
                text = self.fmt(value)
                if h >= 14 and text_width(text, 10) <= bar_w - 2:
                    parts.append(
                        _value_label(
                            text,
                            x + bar_w / 2,
                            seg_top + h / 2 + 4,
                            size=10,
                            fill=text_colour_on(fill),
                        )
                    )
            total = up + down
            parts.append(_value_label(self.fmt(total), x + bar_w / 2, axis(up) - 4))
            parts.append("</g>")
        labels, _ = _category_labels(self.labels, centres, band, bottom)
        parts.append(labels)
        return "".join(parts)


MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y + 4)} {num(x - 5)},{num(y + 4)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "diamond":
        points = " ".join(
            f"{num(px)},{num(py)}" for px, py in ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{colour}"/>'


class LineChart(Chart):
    """Lines over ordered labels (years, months); each series has its own marker and dash."""

    kind = "line"

    def legend(self, x: float, y: float, max_width: float) -> tuple[str, float]:
        if len(self.series) < 2:
            return "", 0
        parts = []
        cx, cy = x, y
        for index, s in enumerate(self.series):
            name = truncate(clean_text(s.name), 40)
            item_width = 30 + text_width(name, 12) + 16
            if cx > x and cx + item_width > x + max_width:
                cx, cy = x, cy + 18
            colour = self.colour(index)
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{num(cx)}" y1="{num(cy + 6)}" x2="{num(cx + 24)}" y2="{num(cy + 6)}" '
                f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
                + _marker(MARKERS[index % len(MARKERS)], cx + 12, cy + 6, colour)
                + f'<text x="{num(cx + 29)}" y="{num(cy + 10)}" fill="{DARK_TEXT}">'
                + f"{esc(name)}</text>"
            )
            cx += item_width
        return '<g class="legend">' + "".join(parts) + "</g>", cy - y + 22

    def render_body(self, width: int, height: int) -> str:
        legend, legend_h = self.legend(12, 8, width - 24)
        values = [
            v
            for s in self.series
            for i in range(len(self.labels))
            if (v := s.value_at(i)) is not None
        ]
        probe = value_axis(values, 0, 1)
        left = 12 + max(text_width(self.fmt(t), LABEL_SIZE) for t in probe.ticks) + 8
        right = width - 24
        n = len(self.labels)
        step = (right - left - 24) / (n - 1) if n > 1 else 0
        xs = [left + 12 + i * step for i in range(n)] if n > 1 else [(left + right) / 2]
        band = step if n > 1 else right - left
        bottom = height - 30
        top = 8 + legend_h + 18
        axis = value_axis(values, bottom, top)
        parts = [legend, _vertical_grid(self, axis, left, right)]
        # Category labels: every k-th when they do not fit.
        every = max(
            1,
            math.ceil(
                max(text_width(label, LABEL_SIZE) for label in self.labels) / max(band, 1) + 0.01
            ),
        )
        for i, label in enumerate(self.labels):
            if i % every and i != n - 1:
                continue
            parts.append(
                f'<text x="{num(xs[i])}" y="{num(bottom + 16)}" text-anchor="middle" '
                f'font-size="{LABEL_SIZE}" fill="{DARK_TEXT}">{esc(truncate(label, 14))}</text>'
            )
        label_all = n * len(self.series) <= 24
        for j, s in enumerate(self.series):
            colour = self.colour(j)
            dash = DASHES[j % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            points = [(xs[i], s.value_at(i)) for i in range(n)]
            known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
            segments: list[list[str]] = [[]]
            for x, v in points:
                if v is None:
                    segments.append([])
                else:
                    segments[-1].append(f"{num(x)},{num(axis(v))}")
            group = [f'<g class="series"><title>{esc(s.name)}</title>']
            for seg in segments:
                if len(seg) > 1:
                    group.append(
                        f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2.5"{dash_attr}/>'
                    )
            if known:
                highest = max(known, key=lambda p: p[1])[0]
                labelled = {known[0][0], known[-1][0], highest}
            else:
                labelled = set()
            for i, v in known:
                x, y = xs[i], axis(v)
                group.append(_marker(MARKERS[j % len(MARKERS)], x, y, colour))
                if label_all or i in labelled:
                    offset = -9 if j % 2 == 0 else 17
                    group.append(_value_label(self.fmt(v), x, y + offset, size=10))
            group.append("</g>")
            parts.append("".join(group))
        return "".join(parts)
