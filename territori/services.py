"""Writes on the territory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from .models import Quartiere

ISTAT_KEYS = ("istat_code", "istat", "codice_istat", "cod_asc", "ASC", "cod_istat", "ref:ISTAT")
NAME_KEYS = ("name", "nome", "quartiere", "NOME", "NAME", "denominazione")


@dataclass
class BoundaryImport:
    matched: dict[str, int] = field(default_factory=dict)  # quartiere name → feature index
    unmatched: list[str] = field(default_factory=list)  # feature descriptions
    missing: list[str] = field(default_factory=list)  # quartieri without a boundary in the file


def _prop(props: dict[str, Any], keys: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in props.items()}
    for key in keys:
        value = props.get(key, lowered.get(key.lower()))
        if value not in (None, ""):
            return str(value).strip()
    return ""


@transaction.atomic
def boundaries_import(*, geojson: dict[str, Any], dry_run: bool = False) -> BoundaryImport:
    """Match each feature to a quartiere by ISTAT code, else by name, and store its geometry.

    All or nothing: any error rolls everything back. Features that match no quartiere, or a
    quartiere already matched, are reported and skipped.
    """
    if geojson.get("type") != "FeatureCollection" or not isinstance(geojson.get("features"), list):
        raise ValueError("Il file non è una FeatureCollection GeoJSON.")
    quartieri = list(Quartiere.objects.all())
    by_code = {q.istat_code: q for q in quartieri}
    by_name = {slugify(q.name): q for q in quartieri}
    report = BoundaryImport()
    updates: dict[int, tuple[Quartiere, dict[str, Any]]] = {}
    for index, feature in enumerate(geojson["features"]):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        code = _prop(props, ISTAT_KEYS)
        name = _prop(props, NAME_KEYS)
        quartiere = by_code.get(code) or by_name.get(slugify(name))
        label = name or code or f"#{index + 1}"
        if (
            quartiere is None
            or not geometry
            or geometry.get("type")
            not in (
                "Polygon",
                "MultiPolygon",
            )
        ):
            report.unmatched.append(label)
            continue
        if quartiere.pk in updates:
            report.unmatched.append(f"{label} (doppione di {quartiere.name})")
            continue
        updates[quartiere.pk] = (
            quartiere,
            {"type": "Feature", "properties": {"name": quartiere.name}, "geometry": geometry},
        )
        report.matched[quartiere.name] = index
    report.missing = sorted(q.name for q in quartieri if q.pk not in updates)
    if not dry_run:
        for quartiere, boundary in updates.values():
            quartiere.boundary_geojson = boundary
        Quartiere.objects.bulk_update([q for q, _b in updates.values()], ["boundary_geojson"])
    return report
