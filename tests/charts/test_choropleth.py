"""The choropleth map: one path per area from its GeoJSON, accessible, escaped, or no map."""

from __future__ import annotations

from typing import Any

from citta_del_noi.charts import Area, choropleth_svg
from tests.charts.test_charts import xml

SVG = "{http://www.w3.org/2000/svg}"


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_every_area_is_a_titled_path_coloured_by_class() -> None:
    areas = [
        Area(boundary={"type": "Feature", "geometry": square(10.2, 45.5)}, value=12, label="A"),
        Area(
            boundary={"type": "MultiPolygon", "coordinates": [square(10.22, 45.52)["coordinates"]]},
            value=None,
            label="B <script>",
        ),
        Area(
            boundary={
                "type": "FeatureCollection",
                "features": [{"geometry": square(10.21, 45.49)}],
            },
            value=3,
            label="C",
        ),
    ]
    svg = choropleth_svg(areas, title="Copertura", description="Mappa", thresholds=[1, 5, 10])
    assert svg is not None
    root = xml(str(svg))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Copertura"
    assert root.find(f"{SVG}desc").text == "Mappa"
    paths = root.findall(f"{SVG}path")
    assert [p.find(f"{SVG}title").text for p in paths] == ["A", "B <script>", "C"]
    # 12 ≥ every threshold: darkest; no value: the lightest; 3 is in the second class.
    assert [p.get("fill") for p in paths] == ["#003d7a", "#f0f4fa", "#5c99d6"]
    assert all(p.get("d").startswith("M") and p.get("d").endswith("Z") for p in paths)


def test_no_map_when_an_area_has_no_drawable_boundary() -> None:
    good = Area(boundary=square(10.2, 45.5), value=1, label="A")
    point = Area(boundary={"type": "Point", "coordinates": [10.2, 45.5]}, value=1, label="P")
    missing = Area(boundary=None, value=1, label="M")
    kwargs: dict[str, Any] = {"title": "t", "description": "d", "thresholds": [1]}
    assert choropleth_svg([good, point], **kwargs) is None
    assert choropleth_svg([good, missing], **kwargs) is None
    assert choropleth_svg([], **kwargs) is None
