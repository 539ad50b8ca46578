"""Small helpers for the Bilancio Sociale templates (HTML and PDF)."""

from __future__ import annotations

import base64
import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from bilancio_sociale.render import previous_values_html

register = template.Library()


@register.simple_tag
def prev(previous: list[tuple[str, str]]) -> SafeString:
    """The previous editions' values of one figure, e.g. "2017: 120 · 2016: 98"."""
    return previous_values_html(previous)


PDF_FONT = "Liberation Sans"


# Markup that only serves the web page (hover tooltips, CSS hooks, data for scripts). In the PDF
# the chart is an image whose alternative text is the <img alt>, so WeasyPrint would only spend
# time on it: every SVG node is cascaded and walked, and a <title> inside a <text> turns the
# label into an extra anonymous <tspan> (about a quarter of the charts' drawing time).
_TOOLTIP = re.compile(r"<title>[^<]*</title>")  # the root <title id="..."> stays
_WEB_ATTRS = re.compile(r' (?:class|role|aria-[a-z]+|data-[a-z-]+)="[^"]*"')
_GROUP_TAG = re.compile(r"<g>|</g>")


def print_svg(svg: str) -> str:
    """The chart's SVG as WeasyPrint draws it in the PDF: same picture, fewer nodes."""
    # The PDF embeds the font present on the machine: naming it avoids a font fallback lookup
    # for every label (the web page keeps the charts' own font stack).
    svg = re.sub(r'font-family="[^"]*"', f'font-family="{PDF_FONT}"', svg)
    # As an image the SVG sizes itself from width/height: a CSS width in % has nothing to refer
    # to there and WeasyPrint would draw nothing.
    svg = re.sub(r'^(<svg[^>]*?) style="[^"]*"', r"\1", svg, count=1)
    svg = _TOOLTIP.sub("", svg)
    svg = _WEB_ATTRS.sub("", svg)
    # Groups without attributes only held a tooltip: their children are drawn the same without.
    if "<g " not in svg:
        svg = _GROUP_TAG.sub("", svg)
    if "xmlns=" not in svg[:300]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return svg


def _svg_text(chart: Any) -> str:
    return print_svg(str(chart.svg()))


@register.simple_tag
def chart_svg(chart: Any) -> SafeString:
    """The accessible inline SVG (web page)."""
    return chart.svg() if chart is not None else SafeString("")


@register.simple_tag
def chart_img(chart: Any) -> SafeString:
    """The chart as an <img> with a data: URI and alternative text (PDF: tagged with Alt)."""
    if chart is None:
        return SafeString("")
    data = base64.b64encode(_svg_text(chart).encode()).decode()
    alt = f"{chart.title}. {getattr(chart, 'description', '')}".strip()
    return format_html('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">', data, alt)


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    """`{{ titles|lookup:c.section_key }}`"""
    return (mapping or {}).get(key, key)
