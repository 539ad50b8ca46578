"""SVG charts: valid XML, accessible, escaped, proportional, Italian numbers, data table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.template import Context, Template

from citta_del_noi.charts import (
    BarChart,
    HBarChart,
    LineChart,
    Series,
    StackedBarChart,
    Tile,
    TileMap,
    format_number,
)
from citta_del_noi.charts.base import PALETTE
from citta_del_noi.charts.formatting import contrast_ratio

SVG = "{http://www.w3.org/2000/svg}"


def xml(text: str) -> Any:
    """Parse our own markup (trusted); Any keeps the element tree untyped in tests."""
    return ET.fromstring(text)  # noqa: S314


def parse(chart) -> Any:
    return xml(str(chart.svg()))


def bars(root: Any) -> list[Any]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "bar"]


def all_text(root: Any) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def sample_charts():
    labels = ["Nord", "Sud", "Est"]
    two = [
        Series(name="Donne", values=[120, 80, 1234.5]),
        Series(name="Uomini", values=[60, None, 0]),
    ]
    return [
        BarChart(title="Partecipanti", unit="persone", labels=labels, series=two),
        HBarChart(title="Partecipanti", unit="persone", labels=labels, series=two),
        StackedBarChart(title="Partecipanti", unit="persone", labels=labels, series=two),
        LineChart(title="Partecipanti", unit="persone", labels=labels, series=two),
        TileMap(
            title="Partecipanti",
            unit="persone",
            tiles=[
                Tile(label="Mompiano", group="Nord", value=120),
                Tile(label="Lamarmora", group="Sud", value=1234.5),
                Tile(label="Sanpolino", group="Est", value=None),
            ],
        ),
    ]


@pytest.mark.parametrize("chart", sample_charts(), ids=lambda c: c.kind)
def test_svg_is_well_formed_and_accessible(chart) -> None:
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Partecipanti"
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # A fixed picture: viewBox and size, no scripts, no CSS variables, no external resources.
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    source = str(chart.svg())
    assert "<script" not in source and "var(--" not in source and "@import" not in source
    assert "Titillium Web, sans-serif" in source
    # The description summarises the data, with Italian numbers.
    assert "1.234,5" in desc.text
    # Values are written on the chart, not only shown by colour.
    assert "1.234,5" in all_text(root)


@pytest.mark.parametrize("chart", sample_charts(), ids=lambda c: c.kind)
def test_table_contains_every_value(chart) -> None:
    cells = [cell for row in chart.table_rows() for cell in row]
    for expected in ("120", "1.234,5", "n.d."):
        assert expected in cells


def test_labels_are_escaped() -> None:
    evil = '<script>alert("x")</script>'
    chart = BarChart(
        title=evil,
        description=evil,
        unit="&",
        labels=[evil, "Sud"],
        series=[Series(name=evil, values=[1, 2])],
    )
    source = str(chart.svg())
    assert "<script>" not in source
    assert "&lt;script&gt;" in source
    root = xml(source)  # still well-formed
    assert root.find(f"{SVG}title").text == evil
    figure = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    assert "<script>" not in figure
    tiles = TileMap(
        title="t", tiles=[Tile(label=evil, group=evil, value=1, href="javascript:alert(1)")]
    )
    tile_source = str(tiles.svg())
    assert "<script>" not in tile_source and "javascript:" not in tile_source
    tile_html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": tiles}))
    assert "javascript:" not in tile_html and "<script>" not in tile_html
    xml(tile_source)


def test_control_characters_do_not_break_the_xml() -> None:
    chart = BarChart(title="a\x00b\x1f", labels=["x\x0b"], series=[Series(name="s", values=[1])])
    xml(str(chart.svg()))


def test_bar_heights_are_proportional_to_values() -> None:
    chart = BarChart(
        title="t", labels=["a", "b", "c", "d"], series=[Series(name="s", values=[10, 20, 40, 0])]
    )
    heights = [float(el.get("height")) for el in bars(parse(chart))]
    assert heights[0] > 0
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.01)
    assert heights[2] == pytest.approx(4 * heights[0], rel=0.01)
    assert heights[3] == 0


def test_horizontal_bar_widths_are_proportional() -> None:
    chart = HBarChart(
        title="t",
        labels=["Sant'Eufemia - Buffalora", "Villaggio Sereno"],
        series=[Series(name="s", values=[15, 45])],
    )
    widths = [float(el.get("width")) for el in bars(parse(chart))]
    assert widths[1] == pytest.approx(3 * widths[0], rel=0.01)
    # Long labels are not cut when there is room.
    assert "Sant&#x27;Eufemia - Buffalora" in str(chart.svg())


def test_negative_values_go_below_the_zero_line() -> None:
    chart = BarChart(title="t", labels=["a", "b"], series=[Series(name="s", values=[30, -10])])
    up, down = bars(parse(chart))
    assert float(up.get("y")) + float(up.get("height")) == pytest.approx(
        float(down.get("y")), abs=0.02
    )
    assert float(up.get("height")) == pytest.approx(3 * float(down.get("height")), rel=0.01)
    assert "-10" in all_text(parse(chart))


def test_stacked_segments_add_up_and_total_is_written() -> None:
    chart = StackedBarChart(
        title="t",
        labels=["2024"],
        series=[Series(name="Donne", values=[30]), Series(name="Uomini", values=[10])],
    )
    root = parse(chart)
    first, second = bars(root)
    assert float(first.get("height")) == pytest.approx(3 * float(second.get("height")), rel=0.01)
    assert "40" in all_text(root)
    assert chart.table_header()[-1] == "Totale"
    assert chart.table_rows() == [["2024", "30", "10", "40"]]


def test_line_chart_breaks_at_missing_values() -> None:
    chart = LineChart(
        title="t",
        labels=["2021", "2022", "2023", "2024", "2025"],
        series=[Series(name="s", values=[1, 2, None, 4, 5])],
    )
    root = parse(chart)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


@pytest.mark.parametrize(
    "chart",
    [
        BarChart(title="Vuoto", labels=[], series=[]),
        BarChart(title="Vuoto", labels=["a"], series=[Series(name="s", values=[None])]),
        HBarChart(title="Vuoto", labels=["a"], series=[]),
        StackedBarChart(title="Vuoto", labels=[], series=[]),
        LineChart(title="Vuoto", labels=["a", "b"], series=[Series(name="s", values=[])]),
        TileMap(title="Vuoto", tiles=[]),
    ],
    ids=lambda c: c.kind,
)
def test_empty_chart_says_no_data(chart) -> None:
    root = parse(chart)
    assert "Nessun dato disponibile" in all_text(root)
    assert "Nessun dato disponibile" in root.find(f"{SVG}desc").text
    html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    assert "Nessun dato disponibile" in html
    assert "<table" not in html


def test_zero_only_data_is_not_empty() -> None:
    chart = BarChart(title="t", labels=["a", "b"], series=[Series(name="s", values=[0, 0])])
    root = parse(chart)
    assert "Nessun dato disponibile" not in all_text(root)
    assert all(float(el.get("height")) == 0 for el in bars(root))


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, "1.234,5"),
        (1234567, None, "1.234.567"),
        (-1234.56, 2, "-1.234,56"),
        (0, None, "0"),
        (0.25, 2, "0,25"),
        (12.0, None, "12"),
        (999.95, 1, "1.000,0"),
        (None, None, "n.d."),
        (float("nan"), None, "n.d."),
        ("12", None, "12"),
    ],
)
def test_italian_number_format(value, decimals, expected) -> None:
    assert format_number(value, decimals) == expected


def test_template_tag_renders_figure_and_accessible_table() -> None:
    chart = BarChart(
        title="Partecipanti per zona",
        unit="persone",
        category_label="Zona",
        labels=["Nord", "Sud"],
        series=[Series(name="Partecipanti", values=[1200, 80])],
    )
    html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    root = xml(html)
    assert root.tag == "figure"
    assert "".join(root.find("figcaption").itertext()) == "Partecipanti per zona"
    details = root.find("details")
    assert details.find("summary").text == "Tabella dei dati"
    table = details.find(".//table")
    assert table.find("caption").text == "Partecipanti per zona (persone)"
    assert [th.get("scope") for th in table.iter("th")] == ["col", "col", "row", "row"]
    assert [td.text for td in table.iter("td")] == ["1.200", "80"]

    visible = Template('{% load charts %}{% chart chart table="visible" %}').render(
        Context({"chart": chart})
    )
    assert "<details" not in visible and "<table" in visible


def test_tilemap_classes_legend_and_status() -> None:
    tiles = [
        Tile(label="Mompiano", group="Nord", value=2, href="/quartieri/mompiano/"),
        Tile(label="Casazza", group="Nord", value=12),
        Tile(label="Lamarmora", group="Sud", value=25, status="danger", status_label="In ritardo"),
        Tile(label="Sanpolino", group="Est", value=None),
    ]
    chart = TileMap(
        title="Attività per quartiere", unit="attività", tiles=tiles, thresholds=[5, 10, 20]
    )
    root = parse(chart)
    text = all_text(root)
    for expected in (
        "Nord",
        "Sud",
        "Est",
        "meno di 5",
        "da 5 a meno di 10",
        "20 e oltre",
        "In ritardo",
        "n.d.",
    ):
        assert expected in text
    assert chart.class_of(2) == 0 and chart.class_of(12) == 2 and chart.class_of(25) == 3
    # No links inside role="img" (not reachable there): they are in the data table.
    assert list(root.iter(f"{SVG}a")) == []
    assert chart.table_header() == ["Zona", "Quartiere", "Valore (attività)", "Stato"]
    assert chart.table_rows()[2] == ["Sud", "Lamarmora", "25", "In ritardo"]
    assert chart.table_rows()[1] == ["Nord", "Casazza", "12", ""]
    html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    assert html.count('scope="row"') == 8  # zone and quartiere head each row
    assert '<th scope="row"><a href="/quartieri/mompiano/">Mompiano</a></th>' in html


def test_tilemap_fits_33_quartieri_in_five_zones() -> None:
    zones = ["Nord", "Ovest", "Centro", "Est", "Sud"]
    tiles = [Tile(label=f"Quartiere {i}", group=zones[i % 5], value=i) for i in range(33)]
    chart = TileMap(title="t", tiles=tiles)
    root = parse(chart)
    width, height = chart.size()
    tile_rects = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tile"]
    assert len(tile_rects) == 33
    for g in tile_rects:
        rect = g.find(f"{SVG}rect")
        assert (
            float(rect.get("x")) >= 0 and float(rect.get("x")) + float(rect.get("width")) <= width
        )
        assert float(rect.get("y")) + float(rect.get("height")) <= height


def test_palette_contrast() -> None:
    for colour in PALETTE:
        assert contrast_ratio(colour, "#FFFFFF") >= 4.5


def test_same_data_gives_the_same_svg() -> None:
    a, b = sample_charts()[0], sample_charts()[0]
    assert str(a.svg()) == str(b.svg())


def test_many_categories_stay_inside_the_picture() -> None:
    labels = [f"Quartiere con nome lungo {i}" for i in range(33)]
    chart = BarChart(title="t", labels=labels, series=[Series(name="s", values=list(range(33)))])
    root = parse(chart)
    width = float(root.get("width"))
    for rect in bars(root):
        assert (
            float(rect.get("x")) >= 0 and float(rect.get("x")) + float(rect.get("width")) <= width
        )


def test_tile_text_has_enough_contrast_and_keeps_the_status() -> None:
    tiles = [
        Tile(
            label="Villaggio Prealpino-Stocchetta",
            group="Nord",
            value=v,
            status=st,
            status_label="In ritardo",
        )
        for v, st in [
            (0, None),
            (6, None),
            (12, None),
            (30, None),
            (None, None),
            (3, "danger"),
            (3, "#FFEE00"),
        ]
    ]
    chart = TileMap(title="t", unit="per 1.000 residenti", tiles=tiles, thresholds=[5, 10, 20])
    root = parse(chart)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tile"]
    for g in groups:
        fill = g.find(f"{SVG}rect").get("fill")
        for text in g.iter(f"{SVG}text"):
            assert contrast_ratio(fill, text.get("fill")) >= 4.5, (fill, text.get("fill"))
    texts = [" ".join(t.text for t in g.iter(f"{SVG}text")) for g in groups]
    # The full name fits (smaller type), and a long unit never pushes the status out.
    assert all("Villaggio Prealpino-Stocchetta" in t for t in texts)
    assert "3 · In ritardo" in texts[5]
