"""An SVG choropleth: areas drawn from their GeoJSON boundaries, coloured by value class.

The tile map (tilemap.py) needs no boundary data; this map is used when every area has one
(Polygon, MultiPolygon, or a Feature / FeatureCollection holding one). Projection: plain
equirectangular, longitude scaled by cos(mean latitude). Colour is never the only carrier of
the value: each area has a <title>, and the page shows the figures in a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Light → dark, the first colour for "no value" (zero or missing).
CHOROPLETH_PALETTE = ["#f0f4fa", "#b3cde8", "#5c99d6", "#0066cc", "#003d7a"]

Ring = list[list[float]]


@dataclass
class Area:
    boundary: Any  # GeoJSON geometry, Feature or FeatureCollection
    value: float | None
    label: Any  # the area's tooltip: name and formatted value


def rings_of(geometry: dict[str, Any]) -> list[Ring]:
    """The outer rings of a Polygon or MultiPolygon; [] for anything else."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in coords if poly]
    return []


def geometry_of(boundary: Any) -> dict[str, Any]:
    if not isinstance(boundary, dict):
        return {}
    if boundary.get("type") == "Feature":
        return boundary.get("geometry") or {}
    if boundary.get("type") == "FeatureCollection":
        features = boundary.get("features") or []
        return (features[0].get("geometry") or {}) if features else {}
    return boundary


def class_colour(value: float | None, thresholds: Sequence[float]) -> str:
    if not value:
        return CHOROPLETH_PALETTE[0]
    index = sum(1 for t in thresholds if value >= t)
    return CHOROPLETH_PALETTE[min(index + 1, len(CHOROPLETH_PALETTE) - 1)]


def choropleth_svg(
    areas: Sequence[Area],
    *,
    title: Any,
    description: Any,
    thresholds: Sequence[float],
    width: int = 640,
    height: int = 560,
    chart_id: str = "choro",
) -> SafeString | None:
    """The SVG map when every area has a drawable boundary; None otherwise (or no areas)."""
    shapes = []
    for area in areas:
        rings = rings_of(geometry_of(area.boundary))
        if not rings:
            return None
        shapes.append((area, rings))
    if not shapes:
        return None
    lons = [pt[0] for _a, rings in shapes for ring in rings for pt in ring]
    lats = [pt[1] for _a, rings in shapes for ring in rings for pt in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * k or 1
    span_y = (max(lats) - min(lats)) or 1
    scale = min((width - 20) / span_x, (height - 20) / span_y)
    min_lon, max_lat = min(lons), max(lats)
    paths = []
    for area, rings in shapes:
        d = " ".join(
            "M"
            + " L".join(
                f"{10 + (pt[0] - min_lon) * k * scale:.1f},{10 + (max_lat - pt[1]) * scale:.1f}"
                for pt in ring
            )
            + " Z"
            for ring in rings
        )
        paths.append((d, class_colour(area.value, thresholds), area.label))
    body = format_html_join(
        "",
        '<path d="{}" fill="{}" stroke="#ffffff" stroke-width="1"><title>{}</title></path>',
        paths,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" class="chart-svg"><title id="{}-title">{}'
        '</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )
