"""Accessible SVG charts for the web pages and the Bilancio Sociale PDF (see base.py).

    chart = BarChart(title=_("Partecipanti per zona"), unit=_("persone"), labels=[...],
                     series=[Series(name=_("2025"), values=[120, None, 0])],
                     category_label=_("Zona"), decimals=None, source="", chart_id=None)
    chart.svg()                      # SafeString <svg role="img" aria-labelledby=...>
    chart.table_header(), chart.table_rows()   # Italian-formatted strings ("n.d." for None)

Kinds: BarChart (vertical), HBarChart (horizontal, long labels), StackedBarChart (with
totals), LineChart, TileMap(tiles=[Tile(label, group, value, href, status, status_label)],
thresholds=[...]); choropleth_svg([Area(boundary, value, label)], title=..., description=...,
thresholds=[...]) draws areas from GeoJSON boundaries (None when one is missing).
Template: {% load charts %}{% chart chart %} (table in <details>),
{% chart chart table="visible" %}, {% chart chart table="none" %}, {{ value|numero }}.
"""

from .base import EMPTY_MESSAGE, PALETTE, Chart, Series
from .choropleth import Area, choropleth_svg
from .formatting import format_number
from .tilemap import Tile, TileMap
from .xy import BarChart, HBarChart, LineChart, StackedBarChart

__all__ = [
    "EMPTY_MESSAGE",
    "PALETTE",
    "Area",
    "BarChart",
    "Chart",
    "HBarChart",
    "LineChart",
    "Series",
    "StackedBarChart",
    "Tile",
    "TileMap",
    "choropleth_svg",
    "format_number",
]
