"""Reads on actions and activity records, always filtered by the viewer's rights.

Visibility of activity records (`activities_visible_to`):
- partner referents: every record of their own organisations (any state). Other partners'
  records are never shown as rows: partners see them only as approved **totals**
  (`coverage_matrix` on approved records, the "Totali del programma" page).
- Comune staff limited to zones: records touching one of their zones (through a quartiere or a
  Punto Comunità of the zone) **plus city-wide records**, which concern every zone and so every
  zone's staff; staff with no zone limit and administrators: every record.
- council members and agency referents: approved records only.
- anyone else: nothing.
A user with several roles sees the union.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from citta_del_noi import disclosure
from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.core.history import history_entries
from citta_del_noi.organizations.models import Organization
from citta_del_noi.privacy.selectors import redactions_for as privacy_redactions
from territori.models import Quartiere, Zona

from . import coverage_cache, filter_options
from .indicator_rules import aggregation_label, indicator_figures
from .models import (
    ActivityCorrection,
    ActivityFact,
    ActivityImport,
    ActivityOrgFact,
    ActivityRecord,
    ActivityStatus,
    Azione,
    Indicator,
    Measurement,
    ReportingPeriod,
)
from .title_search import title_contains
from .zones import coverage_cells, zone_q

_Rows = TypeVar("_Rows", bound=Model)

Through = ActivityRecord.quartieri.through


def azioni_public() -> QuerySet[Azione]:
    return Azione.objects.prefetch_related("target_groups").order_by("number")


def _touches_zones(zone_ids: set[int]) -> Q:
    return Q(city_wide=True) | zone_q(zone_ids)


def visibility_condition(user: AnyUser) -> Q | None:
    """The condition on activity records (or on rows with the same fields, such as the
    coverage groups) that the user may see; None: every record (see the module docstring)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if roles.is_comune_staff(user):
        zones = roles.staff_zone_ids(user)
        if zones is None:
            return None
        condition = _touches_zones(zones)
    else:
        condition = Q(pk__in=[])
    own = roles.partner_organization_ids(user)
    if own:
        condition |= Q(organization_id__in=own)
    if roles.is_council_member(user) or roles.agency_ids(user):
        condition |= Q(status=ActivityStatus.APPROVED)
    return condition


def activities_visible_to(user: AnyUser) -> QuerySet[ActivityRecord]:
    """Rows of activity records the user may see (see the module docstring)."""
    condition = visibility_condition(user)
    qs = ActivityRecord.objects.all()
    return qs if condition is None else qs.filter(condition)


def approved_activities() -> QuerySet[ActivityRecord]:
    """Published data: what counts toward indicators, totals and the Bilancio Sociale."""
    return ActivityRecord.objects.filter(status=ActivityStatus.APPROVED)


def aggregate_condition_for(user: AnyUser) -> Q | None:
    """What a user may see *in aggregate*: staff their visible rows, others approved ones."""
    if roles.is_comune_staff(user):
        return visibility_condition(user)
    if user.is_authenticated and roles.roles_of(user):
        return Q(status=ActivityStatus.APPROVED)
    return Q(pk__in=[])


def aggregate_base_for(user: AnyUser) -> QuerySet[ActivityRecord]:
    """Records a user may see *in aggregate* (aggregate_condition_for)."""
    condition = aggregate_condition_for(user)
    qs = ActivityRecord.objects.all()
    return qs if condition is None else qs.filter(condition)


def activity_for(user: AnyUser, pk: int) -> ActivityRecord:
    """One record the user may see, or 404."""
    try:
        return (
            activities_visible_to(user)
            .select_related(
                "organization",
                "azione",
                "kind",
                "reporting_period",
                "punto_comunita",
                "created_by",
                "reporting_period__locked_by",
            )
            .prefetch_related("quartieri__zona", "target_counts__target_group", "fundings__source")
            .get(pk=pk)
        )
    except ActivityRecord.DoesNotExist as exc:
        raise Http404 from exc


def activity_for_form(user: AnyUser, pk: int) -> ActivityRecord:
    """`activity_for` for the record form: what the form shows of its relations is the ids
    (the labels come from cantieri.form_options), so the quartieri, target counts and fundings
    are read without their zones, groups and sources (3 queries fewer than the detail page)."""
    try:
        return (
            activities_visible_to(user)
            .select_related("organization", "reporting_period")
            .prefetch_related("quartieri", "target_counts", "fundings")
            .get(pk=pk)
        )
    except ActivityRecord.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class ActivityFilters:
    azione: Azione | None = None
    zona: Zona | None = None
    organization: Organization | None = None
    status: str = ""
    reporting_period: ReportingPeriod | None = None
    city_wide: bool | None = None
    q: str = ""

    def as_query(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("azione", "zona", "organization", "reporting_period"):
            obj = getattr(self, key)
            if obj is not None:
                out[key] = obj.pk
        if self.status:
            out["status"] = self.status
        if self.q:
            out["q"] = self.q
        return out


def filter_activities(qs: QuerySet[_Rows], f: ActivityFilters) -> QuerySet[_Rows]:
    """The list filters; on records, or on rows with the same fields (coverage groups: no `q`)."""
    if f.azione:
        qs = qs.filter(azione=f.azione)
    if f.zona:
        qs = qs.filter(zone_q([f.zona.pk]))
    if f.city_wide is not None:
        qs = qs.filter(city_wide=f.city_wide)
    if f.organization:
        qs = qs.filter(organization=f.organization)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.reporting_period:
        qs = qs.filter(reporting_period=f.reporting_period)
    if f.q:
        qs = qs.filter(title_contains(f.q))  # icontains, read from the covering indexes
    return qs


# The columns a list's table shows (cantieri/_activity_table.html, the returned records of an
# organisation's page): not the record's long texts, not the quartieri's boundaries.
ROW_FIELDS = (
    "title",
    "organization__name",
    "azione__number",
    "azione__name",
    "reporting_period__name",
    "city_wide",
    "participants_total",
    "status",
    "documented",
    "review_comment",
    "period_start",
    "submitted_at",
    "updated_at",
)


def activity_rows(qs: QuerySet[ActivityRecord]) -> QuerySet[ActivityRecord]:
    """A list page's rows: related objects loaded in a bounded number of queries, only the
    columns the table shows."""
    return (
        qs.select_related("organization", "azione", "reporting_period")
        .only(*ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "quartieri",
                queryset=Quartiere.objects.only("pk", "name", "zona_id"),
                to_attr="list_quartieri",  # a plain list: no queryset per row in the template
            )
        )
    )


def activities_filtered_for(user: AnyUser, f: ActivityFilters) -> QuerySet[ActivityRecord]:
    return filter_activities(activities_visible_to(user), f).order_by("-period_start", "-pk")


def review_queue_for(user: AnyUser, f: ActivityFilters) -> QuerySet[ActivityRecord]:
    """Staff's queue: submitted records they may see, oldest first."""
    if not roles.is_comune_staff(user):
        return ActivityRecord.objects.none()
    if not f.status:
        f.status = ActivityStatus.SUBMITTED
    return filter_activities(activities_visible_to(user), f).order_by("submitted_at", "pk")


def history_for(user: AnyUser, activity: ActivityRecord) -> list[dict]:
    """Staff only: who changed what and when (old → new) from the record's history, with
    Italian labels and the names of statuses and related objects."""
    if not roles.is_comune_staff(user):
        return []
    return history_entries(activity)


def redactions_for(user: AnyUser, activity: ActivityRecord) -> Any:
    """Staff only: the redactions of the record (who, when, which field, why; never the value)."""
    return privacy_redactions(user, activity)


def corrections_for(activity: ActivityRecord) -> QuerySet[ActivityCorrection]:
    return activity.corrections.select_related("requested_by")


def organizations_for_filter(user: AnyUser) -> QuerySet[Organization]:
    if roles.is_comune_staff(user) or roles.is_council_member(user) or roles.agency_ids(user):
        return Organization.objects.filter(active=True).order_by("name")
    return Organization.objects.filter(pk__in=roles.partner_organization_ids(user)).order_by("name")


def organization_choices_for(user: AnyUser) -> list[tuple[int, str]]:
    """The filter drop-down's organisations (the same as `organizations_for_filter`) as
    (id, name) pairs from the cached reference data (cantieri.filter_options)."""
    every = filter_options.options()["organization"]
    if roles.is_comune_staff(user) or roles.is_council_member(user) or roles.agency_ids(user):
        return [(pk, name) for pk, name, active in every if active]
    own = set(roles.partner_organization_ids(user))
    return [(pk, name) for pk, name, _active in every if pk in own]


def organization_for(user: AnyUser, slug: str) -> Organization:
    """An organisation's own page: its referents and Comune staff only."""
    try:
        org = Organization.objects.get(slug=slug)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    if roles.is_comune_staff(user) or org.pk in roles.partner_organization_ids(user):
        return org
    raise Http404


def organization_completeness(user: AnyUser, org: Organization) -> list[dict]:
    """Per reporting period: the organisation's records by state (one grouped query)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        activities_visible_to(user)
        .filter(organization=org)
        .values("reporting_period_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["reporting_period_id"]][row["status"]] = row["n"]
    out = []
    for period in ReportingPeriod.objects.order_by("-start"):
        by_status = counts.get(period.pk, {})
        total = sum(by_status.values())
        approved = by_status.get(ActivityStatus.APPROVED, 0)
        out.append(
            {
                "period": period,
                "total": total,
                "by_status": [
                    (label, by_status.get(value, 0)) for value, label in ActivityStatus.choices
                ],
                "approved": approved,
                "complete": total > 0 and approved == total,
                "percent": round(100 * approved / total) if total else 0,
            }
        )
    return out


def periods_all() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("locked_by").order_by("-start")


def period_open_for_entry() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(locked_at__isnull=True).order_by("-start")


def period_by_pk(pk: int) -> ReportingPeriod | None:
    """A reporting period (periods are public to every role that reads aggregates)."""
    return ReportingPeriod.objects.filter(pk=pk).first()


def coverage_matrix(qs: QuerySet[Any]) -> dict:
    """Cantiere × zone: records and participants. A record touching two zones counts in both;
    the total column counts each record once. City-wide records have their own column.

    `qs`: activity records (grouped here, through the cache) or coverage groups (summed:
    cantieri/coverage.py)."""
    azioni = list(Azione.objects.order_by("number"))
    zones = list(Zona.objects.order_by("order", "name"))
    zone_ids = [zone.pk for zone in zones]
    if qs.model is ActivityRecord:
        cells = coverage_cache.cached_cells(qs, zone_ids, lambda: coverage_cells(qs, zone_ids))
    else:
        cells = coverage_cells(qs, zone_ids)
    empty = {"n": 0, "p": 0}
    table = []
    for azione in azioni:
        table.append(
            {
                "azione": azione,
                "zones": [
                    (zone, cells.get((azione.pk, str(zone.pk))) or dict(empty)) for zone in zones
                ],
                "city": cells.get((azione.pk, "city")) or dict(empty),
                "total": cells.get((azione.pk, "total")) or dict(empty),
            }
        )
    return {"zones": zones, "rows": table}


def coverage_protected(matrix: dict, own: dict, *, limit: int, sensitive_limit: int) -> dict:
    """The coverage matrix as a viewer who is not staff may read it: the participants of other
    partners' records pass the same disclosure control as the Bilancio (citta_del_noi.disclosure).

    The viewer knows their own organisations' figures (`own`, the same matrix over their records),
    so publishing a cell's total would publish the others' share, total − own: that share is the
    count protected. A share 1..limit-1 is hidden ("< 5"), and secondary suppression hides more
    cells until no hidden share can be inferred from the row (a zone or the city-wide column is
    within the row's total; a record in two zones counts in both, so zones do not add up). The
    viewer's own part of a hidden cell is still shown: it tells them nothing they do not know.
    Marks every cell with "hidden" ("" | "primary" | "secondary"), "label" and "own".
    """

    own_rows = {row["azione"].pk: row for row in own.get("rows", [])}
    sensitive = sensitive_azioni()
    cells: list[disclosure.Cell] = []
    relations: list[disclosure.Relation] = []
    places: dict[tuple, dict] = {}
    for row in matrix["rows"]:
        azione = row["azione"]
        mine = own_rows.get(azione.pk)
        row_limit = sensitive_limit if azione.pk in sensitive else limit
        mine_cells = {
            "total": mine["total"] if mine else {"p": 0},
            "city": mine["city"] if mine else {"p": 0},
        }
        for zone, _cell in mine["zones"] if mine else []:
            mine_cells[f"z{zone.pk}"] = _cell
        entries = [(f"z{zone.pk}", cell) for zone, cell in row["zones"]]
        entries += [("city", row["city"]), ("total", row["total"])]
        for key, cell in entries:
            own_p = float((mine_cells.get(key) or {}).get("p") or 0)
            ref = (azione.pk, key)
            places[ref] = cell
            cell["own"] = own_p
            cells.append(
                disclosure.Cell(
                    ref=ref,
                    quantity=ref,
                    value=max(0.0, float(cell.get("p") or 0) - own_p),
                    limit=row_limit,
                )
            )
        relations.append(
            disclosure.Relation(
                total=(azione.pk, "total"),
                parts=tuple((azione.pk, key) for key, _c in entries if key != "total"),
                kind="each_within",
            )
        )
    result = disclosure.protect(cells, relations)
    limits = {c.ref: c.limit for c in cells}
    for ref, cell in places.items():
        state = result.hidden.get(ref, "")
        cell["hidden"] = state
        cell["label"] = (
            f"< {limits[ref]}" if state == disclosure.PRIMARY else "n.d." if state else ""
        )
    matrix["exposed"] = len(result.exposed)
    return matrix


def sensitive_azioni() -> set[int]:
    """Actions whose participants belong to a sensitive target group (e.g. people with
    disabilities): their counts of people get the higher disclosure threshold."""
    through = Azione.target_groups.through
    return set(
        through.objects.filter(targetgroup__sensitive=True).values_list("azione_id", flat=True)
    )


def quartieri_by_key() -> dict[str, Quartiere]:
    """Lookup for imports: name, slug and ISTAT code (case-insensitive) → quartiere."""
    out: dict[str, Quartiere] = {}
    for q in Quartiere.objects.all():
        for key in (q.name, q.slug, q.istat_code):
            out[key.strip().lower()] = q
    return out


# --- Indicators ---------------------------------------------------------------------------


def indicators_table(
    *,
    period: ReportingPeriod | None = None,
    zona_id: int | None = None,
    kind: str = "",
) -> list[dict]:
    """Every indicator with its value, target and outcome for one reporting period or the
    whole programme (period None), by the indicator's own aggregation rule
    (cantieri.indicator_rules), from the summary tables of approved records."""

    indicators = list(
        Indicator.objects.select_related("azione", "target_group").order_by(
            "azione__number", "order", "code"
        )
    )
    if kind:
        indicators = [i for i in indicators if i.kind == kind]
    figures = indicator_figures(
        indicators, period_ids=[period.pk] if period is not None else None, zona_id=zona_id
    )
    rows = []
    for ind in indicators:
        fig = figures[ind.pk]
        rows.append(
            {
                "indicator": ind,
                "value": fig.value,
                "target": fig.target,
                "baseline": ind.baseline_value,
                "reached": fig.reached,
                "aggregation": aggregation_label(ind),
                "lower_is_better": ind.direction == "lower",
                "cap": fig.cap,
                "percent": (
                    max(0, min(100, round(100 * fig.progress)))
                    if fig.progress is not None
                    else None
                ),
            }
        )
    return rows


def indicator_for(pk: int) -> Indicator:
    try:
        return Indicator.objects.select_related("azione").get(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


def measurements_of(indicator: Indicator) -> QuerySet[Measurement]:
    return indicator.measurements.select_related("entered_by", "reporting_period")


# --- Summary tables (cantieri/summary.py): approved records summed per period ---------------
#
# Readers whose cost must not grow with the records (the councils' dashboards, the Bilancio
# Sociale) read these few thousand rows instead of the activity table. A record in several
# quartieri is shared out equally among them, so places add up to the city total.

SUMMARY_SUMS = {
    "records": Sum("records"),
    "records_primary": Sum("records_primary"),
    "participants": Sum("participants"),
    "participants_new": Sum("participants_new"),
    "volunteers": Sum("volunteers"),
    "volunteer_hours": Sum("volunteer_hours"),
    "staff_hours": Sum("staff_hours"),
    "in_kind_value": Sum("in_kind_value"),
}


def periods_starting_in(start: date, end: date) -> list[int]:
    """The reporting periods a date range reports on: those that start inside it (a period is
    never split between two editions or two years)."""
    return list(
        ReportingPeriod.objects.filter(start__gte=start, start__lte=end).values_list(
            "pk", flat=True
        )
    )


def summary_rows(
    model: Any = ActivityFact,
    *,
    period_ids: list[int] | None = None,
    azione_id: int | None = None,
    zona_id: int | None = None,
) -> QuerySet:
    """Summary rows, optionally narrowed to some reporting periods, one action, one zone."""
    qs = model.objects.all()
    if period_ids is not None:
        qs = qs.filter(reporting_period_id__in=period_ids)
    if azione_id:
        qs = qs.filter(azione_id=azione_id)
    if zona_id:
        qs = qs.filter(zona_id=zona_id)
    return qs


def approved_volunteer_totals(
    *, start: date | None = None, end: date | None = None
) -> dict[str, float]:
    """Volunteers and volunteer hours of the approved records in the reporting periods that
    overlap the range (all periods without one), from the summary tables."""
    periods = ReportingPeriod.objects.all()
    if start is not None:
        periods = periods.filter(end__gte=start)
    if end is not None:
        periods = periods.filter(start__lte=end)
    period_ids = (
        None if start is None and end is None else list(periods.values_list("pk", flat=True))
    )
    sums = summary_rows(period_ids=period_ids).aggregate(
        volunteers=Sum("volunteers"), volunteer_hours=Sum("volunteer_hours")
    )
    return {
        "volunteers": round(sums["volunteers"] or 0),
        "volunteer_hours": round(sums["volunteer_hours"] or 0, 2),
    }


def organizations_with_approved_records(start: date, end: date) -> QuerySet:
    """Ids of the organisations with approved records in the periods starting in the range
    (a subquery over the summary: a few thousand rows whatever the number of records)."""
    return (
        ActivityOrgFact.objects.filter(reporting_period_id__in=periods_starting_in(start, end))
        .values("organization_id")
        .distinct()
    )


# --- Home panels, imports, reminders --------------------------------------------------------


def import_for(user: AnyUser, pk: int) -> ActivityImport:
    """An upload belongs to whoever uploaded it."""
    try:
        return ActivityImport.objects.select_related("organization").get(pk=pk, user_id=user.pk)  # type: ignore[misc]
    except ActivityImport.DoesNotExist as exc:
        raise Http404 from exc
