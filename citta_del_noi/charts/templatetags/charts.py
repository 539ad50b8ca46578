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
from citta_del_noi.charts.html import chart_figure, chart_table
from citta_del_noi.charts.templatetags.numeri import numero

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


# {{ value|numero }} is the built-in filter of templatetags/numeri.py; templates that load this
# library get the same one.
register.filter("numero", numero)
