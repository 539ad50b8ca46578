"""A tile map of the quartieri: one tile per quartiere, grouped by zone, coloured by value class.

No boundary data: each zone is a column of tiles, in the order the tiles arrive. A tile may carry
a status (e.g. "in ritardo") that colours it instead of its value class; the status label is
written on the tile, so colour is never the only carrier of information.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import GRID_COLOUR, MUTED_TEXT, Chart, esc, num
from .formatting import (
    DARK_TEXT,
    NOT_AVAILABLE,
    clean_text,
    format_number,
    is_number,
    nice_ticks,
    text_colour_on,
    text_width,
    truncate,
)

# Sequential blues (light → dark) derived from the Bootstrap Italia primary colour.
SEQUENTIAL = ["#D6E6F7", "#9EC5EE", "#5C9FE0", "#0066CC", "#004C99", "#002B57"]
STATUS_COLOURS = {
    "success": "#008055",
    "warning": "#A66300",
    "danger": "#CC334D",
    "info": "#0066CC",
    "neutral": "#5D7083",
}
NO_DATA_FILL = "#F2F2F2"


@dataclass
class Tile:
    label: Any
    group: Any
    value: Any = None
    href: str | None = None
    status: str | None = None  # a key of STATUS_COLOURS or a "#RRGGBB" colour
    status_label: Any = None

    def number(self) -> float | None:
        return float(self.value) if is_number(self.value) else None


def _pick_colours(count: int) -> list[str]:
    if count <= 1:
        return [SEQUENTIAL[3]]
    if count >= len(SEQUENTIAL):
        return (
            SEQUENTIAL[:count]
            if count == len(SEQUENTIAL)
            else SEQUENTIAL + [SEQUENTIAL[-1]] * (count - len(SEQUENTIAL))
        )
    step = (len(SEQUENTIAL) - 1) / (count - 1)
    return [SEQUENTIAL[round(i * step)] for i in range(count)]


def _fit_size(text: str, room: float, size: float, *, bold: bool = False) -> float:
    """The font size (down to 9) at which `text` fits in `room` pixels."""
    per_char = 0.55 if bold else 0.5
    if not text:
        return size
    return max(9.0, min(size, room / (len(text) * per_char)))


def _fit_text(text: str, room: float, size: float, *, bold: bool = False) -> str:
    per_char = 0.55 if bold else 0.5
    return truncate(text, int(room / (size * per_char)))


def _safe_href(href: str | None) -> str | None:
    if not href:
        return None
    href = clean_text(href).strip()
    if href.startswith(("/", "#", "https://", "http://")) and not href.startswith("//"):
        return href
    return None


class TileMap(Chart):
    kind = "tilemap"
    width = 880
    tile_h = 44
    gap = 6
    per_row = 5

    def __init__(
        self,
        *,
        title: Any,
        tiles: Sequence[Tile] = (),
        unit: Any = "",
        thresholds: Sequence[float] | None = None,
        description: Any = "",
        decimals: int | None = None,
        statuses: dict[str, Any] | None = None,
        group_label: Any = None,
        tile_label: Any = None,
        value_label: Any = None,
        chart_id: str | None = None,
    ) -> None:
        super().__init__(
            title=title, description=description, unit=unit, decimals=decimals, chart_id=chart_id
        )
        self.tiles = list(tiles)
        self.labels = [clean_text(t.label) for t in self.tiles]
        self.statuses = statuses or {}
        self.group_label = group_label or _("Zona")
        self.tile_label = tile_label or _("Quartiere")
        self.value_label = value_label or _("Valore")
        self.thresholds = (
            sorted(float(t) for t in thresholds) if thresholds else self._auto_thresholds()
        )

    # --- data -------------------------------------------------------------------------
    def _values(self) -> list[float]:
        return [v for t in self.tiles if (v := t.number()) is not None]

    def _auto_thresholds(self) -> list[float]:
        values = self._values()
        if len(set(values)) < 2:
            return []
        ticks = nice_ticks(min(0.0, min(values)), max(values), count=5)
        return ticks[1:-1]

    def is_empty(self) -> bool:
        return not self.tiles or not any(t.number() is not None or t.status for t in self.tiles)

    def groups(self) -> list[tuple[str, list[Tile]]]:
        order: dict[str, list[Tile]] = {}
        for tile in self.tiles:
            order.setdefault(clean_text(tile.group), []).append(tile)
        return list(order.items())

    def class_of(self, value: float) -> int:
        return sum(1 for t in self.thresholds if value >= t)

    def class_colours(self) -> list[str]:
        return _pick_colours(len(self.thresholds) + 1)

    def class_labels(self) -> list[str]:
        t = [format_number(x, self.decimals) for x in self.thresholds]
        if not t:
            return [gettext("tutti i valori")]
        labels = [gettext("meno di %(a)s") % {"a": t[0]}]
        for a, b in zip(t, t[1:], strict=False):
            labels.append(gettext("da %(a)s a meno di %(b)s") % {"a": a, "b": b})
        labels.append(gettext("%(a)s e oltre") % {"a": t[-1]})
        return labels

    def tile_fill(self, tile: Tile) -> str:
        if tile.status:
            if tile.status.startswith("#") and len(tile.status) == 7:
                return tile.status
            return STATUS_COLOURS.get(tile.status, STATUS_COLOURS["neutral"])
        value = tile.number()
        if value is None:
            return NO_DATA_FILL
        return self.class_colours()[self.class_of(value)]

    def has_status(self) -> bool:
        return any(t.status for t in self.tiles)

    def table_header(self) -> list[str]:
        unit = clean_text(self.unit)
        value = clean_text(self.value_label) + (f" ({unit})" if unit else "")
        header = [clean_text(self.group_label), clean_text(self.tile_label), value]
        if self.has_status():
            header.append(gettext("Stato"))
        return header

    def table_rows(self) -> list[list[str]]:
        rows = []
        for tile in self.tiles:
            row = [clean_text(tile.group), clean_text(tile.label), self.fmt(tile.number())]
            if self.has_status():
                row.append(self.status_name(tile))
            rows.append(row)
        return rows

    def status_name(self, tile: Tile) -> str:
        if not tile.status:
            return ""
        return clean_text(tile.status_label or self.statuses.get(tile.status, tile.status))

    def row_links(self) -> list[str | None]:
        return [_safe_href(tile.href) for tile in self.tiles]

    def table_row_headers(self) -> int:
        return 2

    def summary(self) -> str:
        if self.is_empty():
            return gettext("Nessun dato disponibile")
        groups = self.groups()
        parts = [
            gettext("%(tiles)s quartieri in %(groups)s zone")
            % {"tiles": len(self.tiles), "groups": len(groups)}
        ]
        known = [(clean_text(t.label), v) for t in self.tiles if (v := t.number()) is not None]
        if known:
            top = max(known, key=lambda p: p[1])
            low = min(known, key=lambda p: p[1])
            parts.append(
                gettext(
                    "valore più alto %(top)s (%(top_value)s), più basso %(low)s (%(low_value)s)"
                )
                % {
                    "top": top[0],
                    "top_value": self.fmt_unit(top[1]),
                    "low": low[0],
                    "low_value": self.fmt_unit(low[1]),
                }
            )
        missing = len(self.tiles) - len(known)
        if missing:
            parts.append(gettext("%(count)s senza dato") % {"count": missing})
        if self.has_status():
            counts: dict[str, int] = {}
            for tile in self.tiles:
                if tile.status:
                    name = self.status_name(tile)
                    counts[name] = counts.get(name, 0) + 1
            parts.append(", ".join(f"{name}: {count}" for name, count in counts.items()))
        return "; ".join(parts) + "."

    # --- SVG ---------------------------------------------------------------------------
    def _grid(self) -> tuple[int, int, float]:
        groups = self.groups()
        cols = min(len(groups), self.per_row) or 1
        col_w = (self.width - 24 - (cols - 1) * 12) / cols
        return cols, math.ceil(len(groups) / cols), col_w

    def _legend_items(self) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        if any(t.number() is not None and not t.status for t in self.tiles):
            items += list(zip(self.class_colours(), self.class_labels(), strict=True))
        seen: set[str] = set()
        for tile in self.tiles:
            if tile.status and tile.status not in seen:
                seen.add(tile.status)
                name = self.status_name(tile)
                items.append((self.tile_fill(tile), name))
        if any(t.number() is None and not t.status for t in self.tiles):
            items.append((NO_DATA_FILL, gettext("dato non disponibile (n.d.)")))
        return items

    def _legend_rows(self) -> list[list[tuple[str, str, float]]]:
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for colour, text in self._legend_items():
            w = 22 + text_width(text, 11) + 18
            if rows[-1] and used + w > self.width - 24:
                rows.append([])
                used = 0
            rows[-1].append((colour, text, w))
            used += w
        return rows

    def size(self) -> tuple[int, int]:
        if self.is_empty():
            return self.width, 200
        cols, grid_rows, _ = self._grid()
        groups = self.groups()
        height = 0.0
        for r in range(grid_rows):
            chunk = groups[r * cols : (r + 1) * cols]
            tallest = max(len(tiles) for _, tiles in chunk)
            height += 26 + tallest * (self.tile_h + self.gap) + 10
        legend_h = 24 + 20 * len(self._legend_rows())
        return self.width, int(12 + height + legend_h)

    def render_body(self, width: int, height: int) -> str:
        cols, grid_rows, col_w = self._grid()
        groups = self.groups()
        parts = []
        y = 12.0
        max_chars = int((col_w - 12) / (11 * 0.55))
        for r in range(grid_rows):
            chunk = groups[r * cols : (r + 1) * cols]
            tallest = max(len(tiles) for _, tiles in chunk)
            for c, (name, tiles) in enumerate(chunk):
                x = 12 + c * (col_w + 12)
                parts.append(
                    f'<g class="group"><text x="{num(x + 2)}" y="{num(y + 16)}" font-size="14" '
                    f'font-weight="bold" fill="{DARK_TEXT}">{esc(truncate(name, max_chars))}</text>'
                )
                for k, tile in enumerate(tiles):
                    ty = y + 26 + k * (self.tile_h + self.gap)
                    parts.append(self._tile(tile, x, ty, col_w, max_chars))
                parts.append("</g>")
            y += 26 + tallest * (self.tile_h + self.gap) + 10
        parts.append(self._legend(y + 8))
        return "".join(parts)

    def _tile(self, tile: Tile, x: float, y: float, w: float, max_chars: int) -> str:
        fill = self.tile_fill(tile)
        ink = text_colour_on(fill)
        label = clean_text(tile.label)
        # A long unit lives in the legend heading; the tile keeps the number and the status.
        short_unit = len(clean_text(self.unit)) <= 3
        value = self.fmt_unit(tile.number()) if short_unit else self.fmt(tile.number())
        status = self.status_name(tile)
        second = f"{value} · {status}" if status else value
        stroke = GRID_COLOUR if fill == NO_DATA_FILL else "#FFFFFF"
        room = w - 12
        label_size = _fit_size(label, room, 11)
        value_size = _fit_size(second, room, 12, bold=True)
        inner = (
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{self.tile_h}" rx="3" '
            f'fill="{fill}" stroke="{stroke}"/>'
            f"<title>{esc(label)}: {esc(self.fmt_unit(tile.number()))}"
            f"{esc(' · ' + status) if status else ''}</title>"
            f'<text x="{num(x + 6)}" y="{num(y + 17)}" font-size="{num(label_size)}" '
            f'fill="{ink}">{esc(_fit_text(label, room, label_size))}</text>'
            f'<text x="{num(x + 6)}" y="{num(y + 35)}" font-size="{num(value_size)}" '
            f'font-weight="bold" fill="{ink}">'
            f"{esc(_fit_text(second, room, value_size, bold=True))}</text>"
        )
        number = tile.number()
        data_value = esc(number) if number is not None else ""
        return f'<g class="tile" data-value="{data_value}">{inner}</g>'

    def _legend(self, y: float) -> str:
        unit = clean_text(self.unit)
        heading = gettext("Legenda") + (f" ({unit})" if unit else "")
        parts = [
            f'<g class="legend"><text x="12" y="{num(y + 8)}" font-size="12" font-weight="bold" '
            f'fill="{DARK_TEXT}">{esc(heading)}</text>'
        ]
        ly = y + 18
        for row in self._legend_rows():
            lx = 12.0
            for colour, text, w in row:
                stroke = (
                    f' stroke="{GRID_COLOUR}"'
                    if colour == NO_DATA_FILL or colour == SEQUENTIAL[0]
                    else ""
                )
                parts.append(
                    f'<rect x="{num(lx)}" y="{num(ly)}" width="16" height="14" '
                    f'fill="{colour}"{stroke}/><text x="{num(lx + 22)}" y="{num(ly + 11)}" '
                    f'font-size="11" fill="{MUTED_TEXT}">'
                    f"{esc(text)}</text>"
                )
                lx += w
            ly += 20
        parts.append("</g>")
        return "".join(parts)


__all__ = ["Tile", "TileMap", "NOT_AVAILABLE"]
