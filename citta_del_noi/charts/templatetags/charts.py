"""{% load charts %}{% chart chart %} — the chart as a <figure> with its data table.

{% chart chart %}                  table in a <details> "Tabella dei dati" element
{% chart chart table="visible" %}  table always shown (e.g. in the PDF)
{% chart chart table="none" %}     SVG and caption only
{{ chart|chart_svg }}              the bare SVG
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from citta_del_noi.charts.base import Chart
from citta_del_noi.charts.formatting import format_number
from citta_del_noi.charts.html import chart_figure, chart_table

register = template.Library()


@register.simple_tag(name="chart")
def chart_tag(chart: Chart | None, table: str = "details") -> SafeString:
    if chart is None:
        return SafeString("")
    return chart_figure(chart, table=table)


@register.simple_tag(name="chart_table")
def chart_table_tag(chart: Chart) -> SafeString:
    return chart_table(chart)


@register.filter(name="chart_svg")
def chart_svg(chart: Chart) -> SafeString:
    return chart.svg()


@register.filter(name="numero")
def numero(value: object, decimals: int | None = None) -> str:
    """Italian number formatting: {{ value|numero }} → 1.234,5; {{ value|numero:2 }}."""
    return format_number(value, decimals)
