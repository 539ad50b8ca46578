"""Turn the dashboard's figures into charts of citta_del_noi.charts (SVG + data table).

The same chart objects serve the web page and, later, the PDF report.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from citta_del_noi.charts import Area, BarChart, HBarChart, LineChart, Series, Tile, TileMap
from citta_del_noi.charts import choropleth_svg as choropleth

from .dashboard_selectors import DashboardData


def _r(value: float | None, digits: int = 0) -> float:
    if value is None:
        return 0
    return round(value, digits) if digits else round(value)


def charts_for(data: DashboardData, decisions: dict[str, int]) -> dict[str, Any]:

    charts: dict[str, Any] = {}
    charts["by_azione"] = HBarChart(
        title=_("Attività approvate per cantiere"),
        description=_("Numero di attività approvate per azione o cantiere nel periodo scelto."),
        unit=_("attività"),
        labels=[r["label"] for r in data.by_azione],
        series=[Series(name=_("Attività"), values=[r["activities"] for r in data.by_azione])],
    )
    charts["participants_azione"] = HBarChart(
        title=_("Partecipanti e volontari per cantiere"),
        description=_("Partecipanti e volontari delle attività approvate, per cantiere."),
        unit=_("persone"),
        labels=[r["label"] for r in data.by_azione],
        series=[
            Series(name=_("Partecipanti"), values=[_r(r["participants"]) for r in data.by_azione]),
            Series(name=_("Volontari"), values=[_r(r["volunteers"]) for r in data.by_azione]),
        ],
    )
    charts["by_zona"] = BarChart(
        title=_("Partecipanti per zona"),
        description=_(
            "Partecipanti delle attività approvate per zona; un'attività in più quartieri è "
            "ripartita in parti uguali."
        ),
        unit=_("persone"),
        labels=[r["label"] for r in data.by_zona],
        series=[
            Series(name=_("Partecipanti"), values=[_r(r["participants"]) for r in data.by_zona])
        ],
    )
    charts["volunteer_hours_zona"] = BarChart(
        title=_("Volontari e ore di volontariato per zona"),
        description=_("Volontari coinvolti e ore di volontariato, per zona."),
        unit=_("ore"),
        labels=[r["label"] for r in data.by_zona],
        series=[
            Series(
                name=_("Ore di volontariato"),
                values=[_r(r["volunteer_hours"]) for r in data.by_zona],
            ),
            Series(name=_("Volontari"), values=[_r(r["volunteers"]) for r in data.by_zona]),
        ],
    )
    charts["over_time"] = LineChart(
        title=_("Andamento nel tempo"),
        description=_("Attività approvate e partecipanti per periodo di rendicontazione."),
        unit=_("numero"),
        labels=[r["label"] for r in data.by_period],
        series=[
            Series(name=_("Attività"), values=[r["activities"] for r in data.by_period]),
            Series(name=_("Partecipanti"), values=[_r(r["participants"]) for r in data.by_period]),
        ],
    )
    charts["by_target"] = HBarChart(
        title=_("Partecipanti per gruppo di destinatari"),
        description=_("Partecipanti delle attività approvate per gruppo di destinatari."),
        unit=_("persone"),
        labels=[r["label"] for r in data.by_target],
        series=[
            Series(name=_("Partecipanti"), values=[_r(r["participants"]) for r in data.by_target])
        ],
    )
    charts["by_source"] = HBarChart(
        title=_("Risorse per fonte di finanziamento"),
        description=_("Risorse economiche delle attività approvate per fonte (euro)."),
        unit=_("euro"),
        labels=[r["label"] for r in data.by_source],
        series=[Series(name=_("Importo"), values=[_r(r["amount"], 2) for r in data.by_source])],
    )
    covered = [r for r in data.by_quartiere if r["coverage"] is not None]
    charts["coverage"] = HBarChart(
        title=_("Copertura per 1.000 residenti, per quartiere"),
        description=_(
            "Partecipanti delle attività approvate ogni 1.000 residenti (popolazione più recente "
            "non successiva al periodo)."
        ),
        unit=_("per 1.000 residenti"),
        labels=[r["label"] for r in covered],
        series=[
            Series(
                name=_("Partecipanti ogni 1.000 residenti"),
                values=[_r(r["coverage"], 1) for r in covered],
            )
        ],
    )
    charts["decisions"] = BarChart(
        title=_("Attuazione delle decisioni dei consigli"),
        description=_("Decisioni per stato di attuazione."),
        unit=_("decisioni"),
        labels=[_("Aperte"), _("In corso"), _("Attuate"), _("Abbandonate"), _("Scadute")],
        series=[
            Series(
                name=_("Decisioni"),
                values=[
                    decisions["open"],
                    decisions["in_progress"],
                    decisions["done"],
                    decisions["dropped"],
                    decisions["overdue"],
                ],
            )
        ],
    )
    charts["punti"] = BarChart(
        title=_("Punti Comunità per zona rispetto all'obiettivo"),
        description=_("Punti Comunità aperti per zona e obiettivo di uno per quartiere."),
        unit=_("Punti Comunità"),
        labels=list(dict.fromkeys(p["zona"] for p in data.punti)),
        series=[
            Series(name=_("Punti Comunità aperti"), values=_per_zone(data.punti, "punti")),
            Series(name=_("Obiettivo (uno per quartiere)"), values=_per_zone(data.punti, "target")),
        ],
    )
    return charts


def _per_zone(rows: list[dict], key: str) -> list[float]:
    totals: dict[str, float] = {}
    for r in rows:
        totals[r["zona"]] = totals.get(r["zona"], 0) + r[key]
    return list(totals.values())


# --- Territorial view ------------------------------------------------------------------------


def coverage_thresholds(values: list[float]) -> list[float]:
    positives = sorted(v for v in values if v)
    if not positives:
        return [1, 5, 10]
    top = positives[-1]
    return [round(top * q, 1) for q in (0.25, 0.5, 0.75)]


def tile_map(data: DashboardData, query: str) -> Any:

    values = [r["coverage"] or 0 for r in data.by_quartiere]
    return TileMap(
        title=_("Copertura per 1.000 residenti nei 33 quartieri"),
        description=_("I quartieri raggruppati per zona; il colore indica la copertura."),
        unit=_("per 1.000 residenti"),
        tiles=[
            Tile(
                label=r["label"],
                group=r["zona"],
                value=_r(r["coverage"], 1),
                href=reverse("cruscotto:index") + f"?{query}",
            )
            for r in data.by_quartiere
        ],
        thresholds=coverage_thresholds(values),
    )


def choropleth_svg(data: DashboardData) -> SafeString | None:
    """The coverage map of the quartieri when every one has boundary GeoJSON; else None."""
    return choropleth(
        [
            Area(
                boundary=r["boundary"],
                value=r["coverage"],
                label=_("%(name)s: %(value)s per 1.000 residenti")
                % {"name": r["label"], "value": _r(r["coverage"], 1)},
            )
            for r in data.by_quartiere
        ],
        title=_("Copertura per 1.000 residenti per quartiere"),
        description=_(
            "Mappa dei quartieri colorata secondo la copertura; i valori sono nella tabella."
        ),
        thresholds=coverage_thresholds([r["coverage"] or 0 for r in data.by_quartiere]),
    )
