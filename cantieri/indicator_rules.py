"""Indicator rules: how an indicator aggregates over periods and places, and when it is reached.

Every reader of indicators (the indicator pages under /attivita/indicatori/, the councils'
dashboards and their alerts, the Bilancio Sociale's indicator blocks and hence its open data)
goes through `indicator_figures`, which applies ONE named rule per aggregation kind
(`aggregate_sum`, `aggregate_weighted_mean`, `aggregate_mean`, `aggregate_last`,
`aggregate_max`; distinct counts are counted in the database) and ONE rule for "reached"
(`reached`, by the indicator's direction).

Over places, values computed from approved records always add up: the summary tables share a
record out among its quartieri (cantieri/summary.py), so a zone's figure is the sum of its
quartieri and the city's the sum of everything; a distinct count counts each quartiere or
organisation once wherever and whenever it was reached. Over periods, the indicator's
aggregation decides. Measured indicators are measured for the whole city: with a zone selected
they show the city's value, marked as such.

Targets are set for the whole city. They combine over periods with the same rule as the values
(a sum of period targets for a sum, their mean for a mean, the last for "last value", the
highest for a maximum or a distinct count, never above the number that exists). With a zone
selected only targets of averages (a rate applies to each zone) are compared; a city-wide
target of a sum is not a zone's target, so no gap is reported for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum

from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from .indicator_choices import DISTINCT_COMPUTATIONS, RATIO_COMPUTATIONS
from .models import (
    ActivityFact,
    ActivityOrgFact,
    ActivityTargetFact,
    Indicator,
    IndicatorAggregation,
    IndicatorComputation,
    IndicatorDirection,
    IndicatorTarget,
    Measurement,
    ReportingPeriod,
)

Agg = IndicatorAggregation
Comp = IndicatorComputation

# --- What each indicator may declare ---------------------------------------------------------

#: Summary columns of the additive computations (ActivityFact).
FACT_FIELD: dict[str, str] = {
    Comp.PARTICIPANTS: "participants",
    Comp.NEW_PARTICIPANTS: "participants_new",
    Comp.VOLUNTEERS: "volunteers",
    Comp.VOLUNTEER_HOURS: "volunteer_hours",
    Comp.STAFF_HOURS: "staff_hours",
}
#: Averages: a city-wide target of a rate applies to each zone too.
INTENSIVE = frozenset({Agg.WEIGHTED_MEAN, Agg.MEAN})


# --- Reached, and how far along -------------------------------------------------------------


def reached(direction: str, value: float | None, target: float | None) -> bool | None:
    """True = target reached, False = not reached, None = no value or no target.
    Higher is better: value >= target; lower is better: value <= target."""
    if value is None or target is None:
        return None
    if direction == IndicatorDirection.LOWER:
        return value <= target
    return value >= target


def progress(
    direction: str, value: float | None, baseline: float | None, target: float | None
) -> float | None:
    """The share of the way from the baseline to the target (1 = reached, may exceed 1).
    Without a baseline: value / target when higher is better, target / value when lower is."""
    if value is None or target is None:
        return None
    if baseline is not None and target != baseline:
        return (value - baseline) / (target - baseline)
    if direction == IndicatorDirection.LOWER:
        return target / value if value else 1.0
    return value / target if target else None


# --- The aggregation rules (one per kind) ----------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A value of one period (the start orders them), with its numerator and denominator
    where the indicator has them."""

    start: date
    value: float
    num: float | None = None
    den: float | None = None


def aggregate_sum(points: Sequence[Point]) -> float | None:
    return sum(p.value for p in points) if points else None


def aggregate_mean(points: Sequence[Point]) -> float | None:
    return sum(p.value for p in points) / len(points) if points else None


def aggregate_weighted_mean(points: Sequence[Point]) -> float | None:
    """Σ numerators / Σ denominators; a plain mean when a point has no denominator."""
    if points and all(p.num is not None and p.den is not None for p in points):
        den = sum(p.den or 0 for p in points)
        if den:
            return sum(p.num or 0 for p in points) / den
        return None
    return aggregate_mean(points)


def aggregate_last(points: Sequence[Point]) -> float | None:
    return max(points, key=lambda p: p.start).value if points else None


def aggregate_max(points: Sequence[Point]) -> float | None:
    return max(p.value for p in points) if points else None


AGGREGATORS: dict[str, Callable[[Sequence[Point]], float | None]] = {
    Agg.SUM: aggregate_sum,
    Agg.WEIGHTED_MEAN: aggregate_weighted_mean,
    Agg.MEAN: aggregate_mean,
    Agg.LAST: aggregate_last,
    Agg.MAX: aggregate_max,
    # A distinct count is counted over the records in the database (`indicator_figures`);
    # from per-period counts alone the best one can say is the highest.
    Agg.DISTINCT: aggregate_max,
}


def combine(aggregation: str, points: Sequence[Point]) -> float | None:
    return AGGREGATORS.get(aggregation, aggregate_sum)(points)


def combine_targets(aggregation: str, points: Sequence[Point]) -> float | None:
    """Targets of several periods or years, by the indicator's own rule (a distinct count's
    target is the highest period target: reaching 25 quartieri in each period is 25)."""
    return combine(aggregation, [Point(p.start, p.value) for p in points])


# --- Figures for a scope ---------------------------------------------------------------------


@dataclass
class IndicatorFigure:
    value: float | None
    target: float | None
    reached: bool | None
    progress: float | None
    #: The value is the whole city's although a zone is selected (measured indicators).
    city_wide: bool = False
    #: A zone is selected and the (city-wide) target is not a target of the zone.
    target_city_only: bool = False
    #: The number that exists (quartieri, organisations) for distinct counts.
    cap: int | None = None


def _facts(model: Any, period_ids: list[int] | None, zona_id: int | None) -> QuerySet:
    qs = model.objects.all()
    if period_ids is not None:
        qs = qs.filter(reporting_period_id__in=period_ids)
    if zona_id:
        qs = qs.filter(zona_id=zona_id)
    return qs


def _series(rows: Iterable[dict], key: Callable[[dict], Any], starts: dict[int, date]) -> dict:
    out: dict[Any, dict[int, dict]] = defaultdict(dict)
    for r in rows:
        if r["reporting_period_id"] in starts:
            out[key(r)][r["reporting_period_id"]] = r
    return out


def _computed_points(
    ind: Indicator,
    by_period: dict[int, dict],
    starts: dict[int, date],
    field: str,
) -> list[Point]:
    points = []
    for period_id, row in by_period.items():
        if ind.computation in RATIO_COMPUTATIONS:
            num_f, den_f, scale = RATIO_COMPUTATIONS[ind.computation]
            den = float(row.get(den_f) or 0)
            if not den:
                continue
            num = scale * float(row.get(num_f) or 0)
            points.append(Point(starts[period_id], num / den, num, den))
        else:
            points.append(Point(starts[period_id], float(row.get(field) or 0)))
    return points


def indicator_figures(
    indicators: Sequence[Indicator],
    *,
    period_ids: list[int] | None = None,
    zona_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    periods: Sequence[dict[str, Any]] | None = None,
) -> dict[int, IndicatorFigure]:
    """Value, target and outcome of each indicator over some reporting periods (None = every
    period: "Tutto il programma") and optionally one zone, from the summary tables of approved
    records (cantieri.summary) and the measurements: a fixed number of small aggregate queries
    whatever the number of records or indicators.

    `start`/`end` (a Bilancio edition's dates) choose the years whose yearly targets apply;
    a single reporting period uses that period's targets only. `periods`: every reporting
    period as rows with "pk", "start" and "end" when the caller holds them already (the
    dashboard's cached reference rows), read here otherwise.
    """
    indicators = list(indicators)
    if not indicators:
        return {}
    if periods is None:
        periods = [
            dict(p) for p in ReportingPeriod.objects.order_by("start").values("pk", "start", "end")
        ]
    wanted = set(period_ids) if period_ids is not None else None
    spans = {
        p["pk"]: (p["start"], p["end"])
        for p in sorted(periods, key=lambda p: p["start"])
        if wanted is None or p["pk"] in wanted
    }
    starts = {pk: span[0] for pk, span in spans.items()}
    scope_ids = list(spans) if period_ids is not None else None
    azione_ids = sorted({i.azione_id for i in indicators})
    computed = [i for i in indicators if not i.is_manual]
    comps = {i.computation for i in computed}

    # Additive sums per (azione, period): one GROUP BY over the summary rows.
    by_azione: dict[Any, dict[int, dict]] = {}
    if computed:
        sums = (
            _facts(ActivityFact, scope_ids, zona_id)
            .filter(azione_id__in=azione_ids)
            .values("azione_id", "reporting_period_id")
            .annotate(**_fact_sums())
            .order_by()
        )
        by_azione = _series(sums, lambda r: r["azione_id"], starts)
    by_group: dict[Any, dict[int, dict]] = {}
    group_ids = {
        i.target_group_id
        for i in computed
        if i.target_group_id and i.computation in (Comp.PARTICIPANTS, Comp.ACTIVITIES)
    }
    if group_ids:
        rows = (
            _facts(ActivityTargetFact, scope_ids, zona_id)
            .filter(azione_id__in=azione_ids, target_group_id__in=group_ids)
            .values("azione_id", "target_group_id", "reporting_period_id")
            .annotate(participants=Sum("participants"), records=Sum("records"))
            .order_by()
        )
        by_group = _series(rows, lambda r: (r["azione_id"], r["target_group_id"]), starts)

    # Distinct counts over all periods and places, and per period (for last/max/mean).
    distinct_total: dict[str, dict[int, int]] = {}
    distinct_by_period: dict[str, dict[Any, dict[int, dict]]] = {}
    caps: dict[str, int] = {}
    # Each count only where an indicator reads it (the organisations' table is the largest
    # summary table: issue 14), and only for the actions of those indicators.
    for counted, model, column in (
        (Comp.QUARTIERI, ActivityFact, "quartiere_id"),
        (Comp.ORGANIZATIONS, ActivityOrgFact, "organization_id"),
    ):
        if counted not in comps:
            continue
        overall = sorted(
            {i.azione_id for i in computed if i.computation == counted and _distinct_overall(i)}
        )
        per_period = sorted(
            {i.azione_id for i in computed if i.computation == counted and not _distinct_overall(i)}
        )
        base = _facts(model, scope_ids, zona_id)
        if counted == Comp.QUARTIERI:
            base = base.filter(quartiere__isnull=False, records__gt=0)
            quartieri = Quartiere.objects.all()
            caps[counted] = (quartieri.filter(zona_id=zona_id) if zona_id else quartieri).count()
        else:
            caps[counted] = Organization.objects.count()
        distinct_total[counted] = (
            {
                r["azione_id"]: r["n"]
                for r in base.filter(azione_id__in=overall)
                .values("azione_id")
                .annotate(n=Count(column, distinct=True))
                .order_by()
            }
            if overall
            else {}
        )
        distinct_by_period[counted] = (
            _series(
                base.filter(azione_id__in=per_period)
                .values("azione_id", "reporting_period_id")
                .annotate(n=Count(column, distinct=True))
                .order_by(),
                lambda r: r["azione_id"],
                starts,
            )
            if per_period
            else {}
        )

    # Measurements: each period's latest measurement (the city's figure).
    measured: dict[int, dict[Any, Point]] = defaultdict(dict)
    manual_ids = [i.pk for i in indicators if i.is_manual]
    if manual_ids:
        qs = Measurement.objects.filter(indicator_id__in=manual_ids)
        if period_ids is not None:
            if not spans:
                qs = qs.none()
            else:
                qs = qs.filter(
                    measured_on__gte=min(s for s, _e in spans.values()),
                    measured_on__lte=max(e for _s, e in spans.values()),
                )
        for m in qs.order_by("indicator_id", "measured_on", "pk").values(
            "indicator_id", "reporting_period_id", "measured_on", "value", "base"
        ):
            period_id: int | None = m["reporting_period_id"]
            if period_id not in spans:
                period_id = next(
                    (pk for pk, (s, e) in spans.items() if s <= m["measured_on"] <= e), None
                )
            if period_id is None and period_ids is not None:
                continue
            measured_value = float(m["value"])
            base_n = m["base"]
            # The latest measurement of a period stands for it (later rows overwrite).
            key = period_id if period_id is not None else m["measured_on"]
            measured[m["indicator_id"]][key] = Point(
                starts[period_id] if period_id is not None else m["measured_on"],
                measured_value,
                measured_value * base_n if base_n else None,
                float(base_n) if base_n else None,
            )

    targets = _targets(indicators, spans, period_ids=period_ids, start=start, end=end)

    out: dict[int, IndicatorFigure] = {}
    for ind in indicators:
        comp = ind.computation
        cap = caps.get(comp)
        value: float | None
        target: float | None
        if ind.is_manual:
            value = combine(ind.aggregation_rule, list(measured.get(ind.pk, {}).values()))
        elif comp in DISTINCT_COMPUTATIONS:
            if _distinct_overall(ind):
                count = float(distinct_total[comp].get(ind.azione_id, 0))
            else:
                rows = distinct_by_period[comp].get(ind.azione_id, {})
                points = _computed_points(ind, rows, starts, "n")
                count = combine(ind.aggregation_rule, points) or 0.0
            value = min(count, float(cap)) if cap is not None else count
        else:
            if ind.target_group_id and comp in (Comp.PARTICIPANTS, Comp.ACTIVITIES):
                rows = by_group.get((ind.azione_id, ind.target_group_id), {})
                field = "participants" if comp == Comp.PARTICIPANTS else "records"
            else:
                rows = by_azione.get(ind.azione_id, {})
                field = FACT_FIELD.get(comp) or ("records" if zona_id else "records_primary")
            points = _computed_points(ind, rows, starts, field)
            value = combine(ind.aggregation_rule, points)
            if value is None and comp not in RATIO_COMPUTATIONS:
                value = 0.0
        if value is not None:
            value = round(value, 2)
        target = targets.get(ind.pk)
        if target is not None and cap is not None:
            target = min(target, float(cap))
        city_only = bool(zona_id) and not ind.is_manual and ind.aggregation_rule not in INTENSIVE
        if city_only:
            target = None
        baseline = float(ind.baseline_value) if ind.baseline_value is not None else None
        out[ind.pk] = IndicatorFigure(
            value=value,
            target=round(target, 2) if target is not None else None,
            reached=reached(ind.direction, value, target),
            progress=progress(ind.direction, value, baseline, target),
            city_wide=bool(zona_id) and ind.is_manual,
            target_city_only=city_only,
            cap=cap,
        )
    return out


def _distinct_overall(ind: Indicator) -> bool:
    """A distinct count over every period and place at once (else: per period, then the
    indicator's rule over the periods)."""
    return ind.aggregation_rule == Agg.DISTINCT


def _fact_sums() -> dict[str, Any]:
    return {
        name: Sum(name)
        for name in (
            "records",
            "records_primary",
            "participants",
            "participants_new",
            "volunteers",
            "volunteer_hours",
            "staff_hours",
        )
    }


def _targets(
    indicators: Sequence[Indicator],
    spans: dict[int, tuple[date, date]],
    *,
    period_ids: list[int] | None,
    start: date | None,
    end: date | None,
) -> dict[int, float]:
    """Each indicator's target for the scope (one query). One reporting period: its target.
    Several (or the whole programme): the yearly targets of the years covered when there are
    any, else the targets of the periods; combined by the indicator's rule."""
    single = period_ids is not None and len(spans) == 1 and start is None and end is None
    if start is not None and end is not None:
        years = set(range(start.year, end.year + 1))
    elif period_ids is not None:
        years = {s.year for s, _e in spans.values()}
    else:
        years = None
    yearly: dict[int, list[Point]] = defaultdict(list)
    by_period: dict[int, list[Point]] = defaultdict(list)
    for t in IndicatorTarget.objects.filter(indicator_id__in=[i.pk for i in indicators]).values(
        "indicator_id", "reporting_period_id", "year", "value"
    ):
        rp = t["reporting_period_id"]
        if rp is not None:
            if rp in spans:
                by_period[t["indicator_id"]].append(Point(spans[rp][0], float(t["value"])))
        elif t["year"] is not None and not single and (years is None or t["year"] in years):
            yearly[t["indicator_id"]].append(Point(date(t["year"], 1, 1), float(t["value"])))
    out: dict[int, float] = {}
    for ind in indicators:
        points = yearly.get(ind.pk) or by_period.get(ind.pk)
        if points:
            value = combine_targets(ind.aggregation_rule, points)
            if value is not None:
                out[ind.pk] = value
    return out


def aggregation_label(ind: Indicator) -> str:
    return str(dict(Agg.choices).get(ind.aggregation_rule, ind.aggregation_rule))
