"""Accessible SVG charts (web pages and the Bilancio Sociale PDF). See base.py."""

from .base import EMPTY_MESSAGE, PALETTE, Chart, Series
from .formatting import format_number
from .tilemap import Tile, TileMap
from .xy import BarChart, HBarChart, LineChart, StackedBarChart

__all__ = [
    "EMPTY_MESSAGE",
    "PALETTE",
    "BarChart",
    "Chart",
    "HBarChart",
    "LineChart",
    "Series",
    "StackedBarChart",
    "Tile",
    "TileMap",
    "format_number",
]
