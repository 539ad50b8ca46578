"""Reads behind the dashboards: approved activity only, summed in the database.

Every figure comes from the summary tables of cantieri.summary (approved records only), with a
fixed number of queries whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cantieri.indicator_rules import aggregation_label, indicator_figures
from cantieri.models import (
    ActivityFact,
    ActivityFundingFact,
    ActivityTargetFact,
    Azione,
    FundingSource,
    Indicator,
    ReportingPeriod,
    TargetGroup,
)
from cantieri.selectors import SUMMARY_SUMS, summary_rows
from citta_del_noi.reporting.dashboard import DashboardFilters
from territori.models import PopolazioneQuartiere, PuntoComunita, Quartiere, Zona

# --- Filters ----------------------------------------------------------------------------------


def filter_choices(ref: dict[str, Any] | None = None) -> dict[str, list]:
    """The filters' options: taken from the reference rows when given (no query)."""
    if ref is not None:
        return {
            "periods": [{k: p[k] for k in ("pk", "name", "start", "end")} for p in ref["periods"]],
            "azioni": [{k: a[k] for k in ("pk", "slug", "number", "name")} for a in ref["azioni"]],
            "zones": [{k: z[k] for k in ("pk", "slug", "name")} for z in ref["zones"]],
        }
    return {
        "periods": list(
            ReportingPeriod.objects.order_by("start").values("pk", "name", "start", "end")
        ),
        "azioni": list(Azione.objects.order_by("number").values("pk", "slug", "number", "name")),
        "zones": list(Zona.objects.order_by("order", "name").values("pk", "slug", "name")),
    }


def resolve_filters(params: dict[str, str], choices: dict[str, list]) -> DashboardFilters:
    """Turn the GET parameters into filters; unknown values are ignored (shown as "all")."""
    period_id = azione_id = zona_id = None
    start = end = None
    wanted = params.get("periodo", "")
    period = next((p for p in choices["periods"] if str(p["pk"]) == wanted), None)
    if period is not None:
        period_id, start, end = period["pk"], period["start"], period["end"]
    azione = next((a for a in choices["azioni"] if a["slug"] == params.get("cantiere")), None)
    if azione is not None:
        azione_id = azione["pk"]
    zona = next((z for z in choices["zones"] if z["slug"] == params.get("zona")), None)
    if zona is not None:
        zona_id = zona["pk"]
    return DashboardFilters(
        period_id=period_id,
        period_start=start,
        period_end=end,
        azione_id=azione_id,
        zona_id=zona_id,
    )


def _facts(f: DashboardFilters, model: Any = ActivityFact) -> QuerySet:
    return summary_rows(
        model,
        period_ids=[f.period_id] if f.period_id else None,
        azione_id=f.azione_id,
        zona_id=f.zona_id,
    )


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v or 0) if k in SUMMARY_SUMS else v for k, v in row.items()}


def _activities(row: dict[str, Any], f: DashboardFilters) -> int:
    """Activities: each record once; inside one zone, each record once per quartiere touched."""
    return int(row["records"] if f.zona_id else row["records_primary"])


# --- The rows the figures are labelled with --------------------------------------------------


def reference() -> dict[str, Any]:
    """The catalogue, territory and indicator rows the figures are labelled and grouped with (a
    few hundred rows, whatever the filters): plain data, so that the page can keep it in the
    cache under the dashboard's data version (consigli/dashboard_cache.py) and a new filter
    combination runs only the aggregate queries. Labels of choices are in the active language."""
    return {
        "azioni": list(Azione.objects.order_by("number").values("pk", "number", "name", "slug")),
        "zones": list(Zona.objects.order_by("order", "name").values("pk", "name", "slug")),
        "quartieri": list(
            Quartiere.objects.order_by("zona__order", "name").values(
                "pk", "name", "slug", "zona_id", "zona__name", "zona__slug", "boundary_geojson"
            )
        ),
        "periods": list(
            ReportingPeriod.objects.order_by("start").values("pk", "name", "start", "end")
        ),
        "groups": list(TargetGroup.objects.values("pk", "name", "order", "sensitive")),
        "sources": [
            {"pk": s.pk, "name": s.name, "order": s.order, "sector": s.get_sector_display()}
            for s in FundingSource.objects.all()
        ],
        "population": list(
            PopolazioneQuartiere.objects.values("quartiere_id", "year", "residents").order_by(
                "quartiere_id", "year"
            )
        ),
        "punti": list(PuntoComunita.objects.values("quartiere_id", "opened_on", "closed_on")),
        "indicators": list(
            Indicator.objects.select_related("azione", "target_group").order_by(
                "azione__number", "order", "code"
            )
        ),
    }


# --- The figures ------------------------------------------------------------------------------


@dataclass
class DashboardData:
    filters: DashboardFilters
    totals: dict[str, float] = field(default_factory=dict)
    by_azione: list[dict] = field(default_factory=list)
    by_zona: list[dict] = field(default_factory=list)
    by_quartiere: list[dict] = field(default_factory=list)
    by_period: list[dict] = field(default_factory=list)
    by_target: list[dict] = field(default_factory=list)
    by_source: list[dict] = field(default_factory=list)
    punti: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    population_year: int | None = None


def dashboard_data(f: DashboardFilters, ref: dict[str, Any] | None = None) -> DashboardData:
    """All the dashboard's figures for the filters (six aggregate queries and the indicators'),
    labelled with `ref` (reference(); read now when not given)."""
    if ref is None:
        ref = reference()
    data = DashboardData(filters=f)
    facts = _facts(f)
    data.totals = _clean(facts.aggregate(**SUMMARY_SUMS))
    data.totals["activities"] = _activities(data.totals, f)

    azioni = {a["pk"]: a for a in ref["azioni"]}
    for row in facts.values("azione_id").annotate(**SUMMARY_SUMS).order_by("azione_id"):
        row = _clean(row)
        azione = azioni.get(row["azione_id"])
        data.by_azione.append(
            {
                "label": f"{azione['number']}. {azione['name']}" if azione else "?",
                "slug": azione["slug"] if azione else "",
                "activities": _activities(row, f),
                **{k: row[k] for k in ("participants", "volunteers", "volunteer_hours")},
            }
        )

    zone_rows = {
        r["zona_id"]: _clean(r) for r in facts.values("zona_id").annotate(**SUMMARY_SUMS).order_by()
    }
    for zona in ref["zones"]:
        if f.zona_id and zona["pk"] != f.zona_id:
            continue
        row = zone_rows.get(zona["pk"], dict.fromkeys(SUMMARY_SUMS, 0))
        data.by_zona.append(
            {
                "label": zona["name"],
                "slug": zona["slug"],
                "activities": int(row["records"]),
                "participants": row["participants"],
                "volunteers": row["volunteers"],
                "volunteer_hours": row["volunteer_hours"],
            }
        )
    if not f.zona_id and None in zone_rows:
        row = zone_rows[None]
        data.by_zona.append(
            {
                "label": _("Intera città o non localizzate"),
                "slug": "",
                "activities": int(row["records"]),
                "participants": row["participants"],
                "volunteers": row["volunteers"],
                "volunteer_hours": row["volunteer_hours"],
            }
        )

    data.by_quartiere, data.population_year = _by_quartiere(f, facts, ref)
    data.punti = _punti(f, ref)

    time_rows = {
        r["reporting_period_id"]: _clean(r)
        for r in _facts(DashboardFilters(azione_id=f.azione_id, zona_id=f.zona_id))
        .values("reporting_period_id")
        .annotate(**SUMMARY_SUMS)
        .order_by()
    }
    for period in ref["periods"]:
        if f.period_end and period["start"] > f.period_end:
            continue
        row = time_rows.get(period["pk"])
        if row is None:
            continue
        data.by_period.append(
            {
                "label": period["name"],
                "activities": _activities(row, f),
                "participants": row["participants"],
                "volunteer_hours": row["volunteer_hours"],
            }
        )

    groups = {g["pk"]: g for g in ref["groups"]}
    for row in (
        _facts(f, ActivityTargetFact)
        .values("target_group_id")
        .annotate(participants=Sum("participants"))
        .order_by()
    ):
        group = groups.get(row["target_group_id"])
        if group is None:
            continue
        data.by_target.append(
            {
                "label": group["name"],
                "order": group["order"],
                "participants": row["participants"] or 0,
                "sensitive": group["sensitive"],
            }
        )
    data.by_target.sort(key=lambda r: (r["order"], r["label"]))

    sources = {s["pk"]: s for s in ref["sources"]}
    for row in (
        _facts(f, ActivityFundingFact).values("source_id").annotate(amount=Sum("amount")).order_by()
    ):
        source = sources.get(row["source_id"])
        if source is None:
            continue
        data.by_source.append(
            {
                "label": source["name"],
                "order": source["order"],
                "amount": row["amount"] or 0,
                "sector": source["sector"],
            }
        )
    data.by_source.sort(key=lambda r: (r["order"], r["label"]))

    data.indicators = indicators_status(f, ref["indicators"], periods=ref["periods"])
    return data


def _population_year(f: DashboardFilters) -> int:
    end = f.period_end or timezone.localdate()
    return end.year


def _by_quartiere(
    f: DashboardFilters, facts: QuerySet, ref: dict[str, Any]
) -> tuple[list[dict], int | None]:
    year = _population_year(f)
    population: dict[int, tuple[int, int]] = {}
    # The latest population up to the period's year, per quartiere (rows sorted by year).
    for pop in ref["population"]:
        if pop["year"] <= year:
            population[pop["quartiere_id"]] = (pop["year"], pop["residents"])
    rows = {
        r["quartiere_id"]: _clean(r)
        for r in facts.filter(quartiere__isnull=False)
        .values("quartiere_id")
        .annotate(**SUMMARY_SUMS)
        .order_by()
    }
    out = []
    years = set()
    for q in ref["quartieri"]:
        if f.zona_id and q["zona_id"] != f.zona_id:
            continue
        row = rows.get(q["pk"], dict.fromkeys(SUMMARY_SUMS, 0))
        pop_year, residents = population.get(q["pk"], (None, None))
        if pop_year:
            years.add(pop_year)
        coverage = (row["participants"] * 1000 / residents) if residents else None
        out.append(
            {
                "pk": q["pk"],
                "label": q["name"],
                "slug": q["slug"],
                "zona": q["zona__name"],
                "zona_slug": q["zona__slug"],
                "activities": int(row["records"]),
                "participants": row["participants"],
                "residents": residents,
                "population_year": pop_year,
                "coverage": coverage,
                "boundary": q["boundary_geojson"],
            }
        )
    return out, (max(years) if years else None)


def _punti(f: DashboardFilters, ref: dict[str, Any]) -> list[dict]:
    """Punti Comunità open at the end of the period, per quartiere, against one each."""
    day = f.period_end or timezone.localdate()
    open_by_quartiere: dict[int, int] = {}
    for p in ref["punti"]:
        if (p["opened_on"] is None or p["opened_on"] <= day) and (
            p["closed_on"] is None or p["closed_on"] > day
        ):
            open_by_quartiere[p["quartiere_id"]] = open_by_quartiere.get(p["quartiere_id"], 0) + 1
    out = []
    for q in ref["quartieri"]:
        if f.zona_id and q["zona_id"] != f.zona_id:
            continue
        punti = open_by_quartiere.get(q["pk"], 0)
        out.append(
            {
                "label": q["name"],
                "zona": q["zona__name"],
                "zona_slug": q["zona__slug"],
                "punti": punti,
                "target": 1,
                "met": punti >= 1,
            }
        )
    return out


def punti_total_open(day: date) -> int:
    return PuntoComunita.objects.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=day),
        Q(closed_on__isnull=True) | Q(closed_on__gt=day),
    ).count()


# --- Indicators -------------------------------------------------------------------------------

# lazy: translated when a row is built, in the viewer's language (the rows are cached per language)
STATUS_LABELS = {
    "success": gettext_lazy("Obiettivo raggiunto"),
    "warning": gettext_lazy("In avvicinamento"),
    "danger": gettext_lazy("Lontano dall'obiettivo"),
    "secondary": gettext_lazy("Senza obiettivo o senza dati"),
}
CITY_TARGET_LABEL = gettext_lazy("Obiettivo solo cittadino")


def indicator_status(reached: bool | None, progress: float | None) -> str:
    """Colour of an indicator. Reached (cantieri.indicator_rules.reached, by its direction) →
    success; otherwise at least half of the way from baseline to target
    (cantieri.indicator_rules.progress) → warning; else danger; no value or no target →
    secondary."""
    if reached is None:
        return "secondary"
    if reached:
        return "success"
    if progress is not None and progress >= 0.5:
        return "warning"
    return "danger"


def indicators_status(
    f: DashboardFilters,
    indicators: list[Indicator] | None = None,
    *,
    periods: list[dict[str, Any]] | None = None,
) -> list[dict]:
    """Each indicator (of the chosen cantiere) with baseline, target, value and colour, for the
    chosen period (or the whole programme) and zone.

    Values, targets and "reached" come from cantieri.indicator_rules.indicator_figures (the
    summary tables; each indicator aggregated by its own rule). With a zone selected, values
    computed from activities are the zone's; measured ones are the city's (`city_wide`), and
    the city-wide targets of sums and counts are not compared with a zone (`target_city_only`).
    """

    if indicators is None:
        indicators = list(
            Indicator.objects.select_related("azione", "target_group").order_by(
                "azione__number", "order", "code"
            )
        )
    if f.azione_id:
        indicators = [i for i in indicators if i.azione_id == f.azione_id]
    if not indicators:
        return []
    figures = indicator_figures(
        indicators,
        period_ids=[f.period_id] if f.period_id else None,
        zona_id=f.zona_id,
        periods=periods,
    )
    out = []
    for ind in indicators:
        fig = figures[ind.pk]
        status = indicator_status(fig.reached, fig.progress)
        label = CITY_TARGET_LABEL if fig.target_city_only else STATUS_LABELS[status]
        out.append(
            {
                "pk": ind.pk,
                "code": ind.code,
                "label": ind.name,
                "unit": ind.unit,
                "azione": str(ind.azione),
                "azione_id": ind.azione_id,
                "baseline": float(ind.baseline_value) if ind.baseline_value is not None else None,
                "target": fig.target,
                "value": fig.value,
                "cap": fig.cap,
                "aggregation": aggregation_label(ind),
                "lower_is_better": ind.direction == "lower",
                "city_wide": fig.city_wide,
                "target_city_only": fig.target_city_only,
                "status": status,
                "status_label": str(label),
            }
        )
    return out


# --- Alerts -----------------------------------------------------------------------------------


def alert_period(f: DashboardFilters) -> ReportingPeriod | None:
    """The period the "no activity" alert looks at: the chosen one, else the latest ended."""
    if f.period_id:
        return ReportingPeriod.objects.filter(pk=f.period_id).first()
    return ReportingPeriod.objects.filter(end__lt=timezone.localdate()).order_by("-end").first()


def alerts(f: DashboardFilters) -> dict[str, Any]:
    """Indicators off target, and quartieri with no approved activity of a cantiere in a whole
    period (city-wide records do not count for a quartiere)."""
    period = alert_period(f)
    off = [
        {**ind, "key": f"ind-{ind['pk']}-{f.period_id or 'all'}-{f.zona_id or 'all'}"}
        for ind in indicators_status(f)
        if ind["status"] == "danger"
    ]
    empty: list[dict] = []
    if period is not None:
        cantieri = Azione.objects.filter(kind=Azione.Kind.CANTIERE).order_by("number")
        if f.azione_id:
            cantieri = cantieri.filter(pk=f.azione_id)
        quartieri = Quartiere.objects.select_related("zona").order_by("zona__order", "name")
        if f.zona_id:
            quartieri = quartieri.filter(zona_id=f.zona_id)
        reached = set(
            ActivityFact.objects.filter(
                reporting_period=period, quartiere__isnull=False, records__gt=0
            ).values_list("azione_id", "quartiere_id")
        )
        quartieri_list = list(quartieri)
        for azione in cantieri:
            missing = [q for q in quartieri_list if (azione.pk, q.pk) not in reached]
            if missing:
                empty.append(
                    {
                        "key": f"noact-{period.pk}-{azione.pk}-{f.zona_id or 'all'}",
                        "azione": azione,
                        "period": period,
                        "quartieri": [q.name for q in missing],
                        "count": len(missing),
                    }
                )
    return {"period": period, "off_target": off, "no_activity": empty}


def flag_lookup(key: str) -> dict[str, Any] | None:
    """Find a flag by its key (the same rules as `alerts`), for the put-on-agenda action."""
    parts = key.split("-")
    try:
        if parts[0] == "ind" and len(parts) in (3, 4):
            ind = Indicator.objects.select_related("azione").get(pk=int(parts[1]))
            # Only a gap that is real now goes on an agenda (the same rules as `alerts`).
            period = None if parts[2] == "all" else ReportingPeriod.objects.get(pk=int(parts[2]))
            zona_id = None if len(parts) == 3 or parts[3] == "all" else int(parts[3])
            scope = DashboardFilters(
                period_id=period.pk if period else None,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                azione_id=ind.azione_id,
                zona_id=zona_id,
            )
            if not any(row["pk"] == ind.pk for row in alerts(scope)["off_target"]):
                return None
            return {
                "title": _("Indicatore lontano dall'obiettivo: %(name)s") % {"name": ind.name},
                "azione": ind.azione,
                "indicator": ind,
            }
        if parts[0] == "noact" and len(parts) == 4:
            period = ReportingPeriod.objects.get(pk=int(parts[1]))
            azione = Azione.objects.get(pk=int(parts[2]))
            zona_id = None if parts[3] == "all" else int(parts[3])
            data = alerts(
                DashboardFilters(
                    period_id=period.pk,
                    period_start=period.start,
                    period_end=period.end,
                    azione_id=azione.pk,
                    zona_id=zona_id,
                )
            )
            if not data["no_activity"]:
                return None
            flag = data["no_activity"][0]
            return {
                "title": _("%(azione)s: nessuna attività in %(n)d quartieri nel periodo %(period)s")
                % {"azione": azione.name, "n": flag["count"], "period": period.name},
                "description": ", ".join(flag["quartieri"]),
                "azione": azione,
            }
    except (ValueError, Indicator.DoesNotExist, ReportingPeriod.DoesNotExist, Azione.DoesNotExist):
        return None
    return None
