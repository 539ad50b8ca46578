"""The HTML around a chart: <figure>, <figcaption>, the SVG and the data table."""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .base import Chart
from .formatting import clean_text

TABLE_MODES = ("details", "visible", "none")
_NUMERIC = re.compile(r"^-?[\d.]+(,\d+)?%?$|^n\.d\.$")


def chart_table(chart: Chart) -> SafeString:
    """The data table: caption, th scope="col" headers, th scope="row" for the row labels."""
    header = chart.table_header()
    row_headers = getattr(chart, "table_row_headers", lambda: 1)()
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in header))

    def cells(row: list[str], link: str | None) -> SafeString:
        heads: list[Any] = list(row[:row_headers])
        if link and heads:
            heads[-1] = format_html('<a href="{}">{}</a>', link, heads[-1])
        first = format_html_join("", '<th scope="row">{}</th>', ((c,) for c in heads))
        rest = format_html_join(
            "",
            "{}",
            (
                (
                    format_html('<td class="text-end">{}</td>', c)
                    if _NUMERIC.match(c)
                    else format_html("<td>{}</td>", c),
                )
                for c in row[row_headers:]
            ),
        )
        return format_html("{}{}", first, rest)

    rows = chart.table_rows()
    links = chart.row_links()
    body = format_html_join(
        "", "<tr>{}</tr>", ((cells(row, link),) for row, link in zip(rows, links, strict=False))
    )
    return format_html(
        '<table class="table table-sm cdn-chart-table"><caption>{}</caption>'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        chart.table_caption(),
        head,
        body,
    )


def chart_figure(chart: Chart, table: str = "details") -> SafeString:
    """<figure> with caption, SVG and data table (in a <details> "Tabella dei dati" by default)."""
    if table not in TABLE_MODES:
        raise ValueError(f"table must be one of {TABLE_MODES}")
    caption = clean_text(chart.title)
    source = clean_text(chart.source)
    caption_html = format_html('<span class="cdn-chart-title">{}</span>', caption)
    if source:
        caption_html = format_html(
            '{}<span class="cdn-chart-source d-block small">{}: {}</span>',
            caption_html,
            gettext("Fonte"),
            source,
        )
    if table == "none" or chart.is_empty():
        table_html = SafeString("")
    elif table == "visible":
        table_html = format_html('<div class="table-responsive">{}</div>', chart_table(chart))
    else:
        table_html = format_html(
            '<details class="cdn-chart-data"><summary>{}</summary>'
            '<div class="table-responsive">{}</div></details>',
            gettext("Tabella dei dati"),
            chart_table(chart),
        )
    return format_html(
        '<figure class="cdn-chart-figure"><figcaption>{}</figcaption>'
        '<div class="cdn-chart-image">{}</div>{}</figure>',
        caption_html,
        chart.svg(),
        table_html,
    )
