from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territori.models import Quartiere

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[10.2, 45.5], [10.3, 45.5], [10.3, 45.6], [10.2, 45.5]]],
}


def _write(tmp_path, features):
    path = tmp_path / "confini.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _feature(props, geometry=SQUARE):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def test_matches_by_istat_code_then_name_and_reports_the_rest(reference, tmp_path) -> None:
    mompiano = Quartiere.objects.get(name="Mompiano")
    casazza = Quartiere.objects.get(name="Casazza")
    path = _write(
        tmp_path,
        [
            _feature({"istat_code": mompiano.istat_code, "name": "nome diverso"}),
            _feature({"nome": "casazza"}),
            _feature({"name": "Quartiere inventato"}),
        ],
    )
    out = StringIO()
    call_command("import_boundaries", str(path), stdout=out)
    mompiano.refresh_from_db()
    casazza.refresh_from_db()
    assert mompiano.boundary_geojson and mompiano.boundary_geojson["geometry"] == SQUARE
    assert casazza.boundary_geojson and casazza.boundary_geojson["geometry"] == SQUARE
    text = out.getvalue()
    assert "Confini importati: 2" in text
    assert "Quartiere inventato" in text
    assert Quartiere.objects.exclude(boundary_geojson=None).count() == 2


def test_dry_run_saves_nothing(reference, tmp_path) -> None:
    path = _write(tmp_path, [_feature({"name": "Mompiano"})])
    call_command("import_boundaries", str(path), "--dry-run", stdout=StringIO())
    assert not Quartiere.objects.exclude(boundary_geojson=None).exists()


def test_not_geojson_is_refused_and_nothing_changes(reference, tmp_path) -> None:
    path = tmp_path / "x.geojson"
    path.write_text("{non json")
    with pytest.raises(CommandError, match="non è un JSON valido"):
        call_command("import_boundaries", str(path), stdout=StringIO())
    path.write_text(json.dumps({"type": "Feature"}))
    with pytest.raises(CommandError, match="FeatureCollection"):
        call_command("import_boundaries", str(path), stdout=StringIO())
    assert not Quartiere.objects.exclude(boundary_geojson=None).exists()


def test_a_point_is_not_a_boundary(reference, tmp_path) -> None:
    path = _write(
        tmp_path, [_feature({"name": "Mompiano"}, {"type": "Point", "coordinates": [10, 45]})]
    )
    out = StringIO()
    call_command("import_boundaries", str(path), stdout=out)
    assert "Confini importati: 0" in out.getvalue()
    assert not Quartiere.objects.exclude(boundary_geojson=None).exists()
