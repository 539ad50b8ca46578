"""Summary tables of the approved activity records, summed in the database.

They are the read model behind the councils' dashboards (consigli) and the Bilancio Sociale's
activity blocks (cantieri/bilancio.py): both read a few thousand summary rows instead of the
activity table, so their cost does not grow with the number of records.

ActivityFact (period × azione × quartiere), ActivityTargetFact (period × azione × zona × target
group), ActivityFundingFact (period × azione × zona × source) and ActivityOrgFact (period ×
azione × organisation × zona, for distinct counts of organisations) are rebuilt with
INSERT … SELECT … GROUP BY, so no record passes through Python. A cell is a
(reporting period, azione) pair: `refresh_for_activity_ids(ids)` recomputes only the cells
those records belong to; `rebuild()` recomputes every cell.

Freshness: `ensure_fresh()` (called when a dashboard loads, at most once every
SUMMARY_CHECK_SECONDS per process-wide cache) compares a watermark of the activity table
(approved count, latest approval, latest update) with the one stored at the last refresh and
refreshes the cells of the changed records; the beat task `cantieri.refresh_summary` does the
same every few minutes, and a full rebuild if the counts still disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Q, Subquery, Sum
from django.utils import timezone

from territori.models import PuntoComunita, Quartiere

from .models import (
    ActivityFact,
    ActivityFunding,
    ActivityFundingFact,
    ActivityOrgFact,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    ActivityTargetFact,
    CoverageGroup,
    SummaryState,
)
from .zones import uses_zone_column

SUMMARY_CHECK_SECONDS = 30
_CHECK_KEY = "cantieri:summary:checked"
VERSION_KEY = "cantieri:summary:version"
_LOCK_KEY = "cantieri:summary:lock"


def _tables() -> dict[str, str]:
    through = ActivityRecord.quartieri.through
    return {
        "act": ActivityRecord._meta.db_table,
        "thr": through._meta.db_table,
        "thr_act": through._meta.get_field("activityrecord").column,
        "thr_q": through._meta.get_field("quartiere").column,
        "pc": PuntoComunita._meta.db_table,
        "q": Quartiere._meta.db_table,
        "tc": ActivityTargetCount._meta.db_table,
        "fund": ActivityFunding._meta.db_table,
        "fact": ActivityFact._meta.db_table,
        "tfact": ActivityTargetFact._meta.db_table,
        "ffact": ActivityFundingFact._meta.db_table,
        "ofact": ActivityOrgFact._meta.db_table,
    }


_ALLOC = "cdn_summary_alloc"  # a temporary table: private to the connection, dropped after use
_MEASURES = (
    "participants_total",
    "participants_new",
    "volunteers",
    "volunteer_hours",
    "staff_hours",
    "in_kind_value",
)


# Counts of people: split across a record's quartieri in whole numbers (see _people_part).
_PEOPLE = ("participants_total", "participants_new", "volunteers")


def _people_part(count: str, alias: str = "a") -> str:
    """SQL for a quartiere's whole share of a people count, by the largest-remainder (Hamilton)
    rule: every quartiere gets count / n rounded down, and the count % n units left over go one
    each to the quartieri with the largest remainders. With equal shares all remainders tie; the
    tie is broken by a rotation per record (`pos`: the quartiere's place in id order, counted
    from position record id % n), so the extra units do not always go to the same quartieri.
    The parts are whole, add up exactly to the record's count, and a smaller count of the same
    record ("di cui nuovi") never gets more than a larger one in any quartiere."""
    return (
        f"({count} / {alias}.n_places + CASE WHEN {alias}.pos < MOD({count}, {alias}.n_places) "
        f"THEN 1 ELSE 0 END)"
    )


def _alloc_sql(cell_filter: str) -> str:
    """Each approved record's quartieri with its share (1/n), a flag on its first quartiere and
    the record's measures, so that the inserts below never go back to the activity table.

    City-wide records, and records with neither quartieri nor a Punto Comunità, get quartiere
    NULL; a record with a Punto Comunità and no quartieri goes to the Punto's quartiere. The
    share, the first quartiere, the number of quartieri and the rotated place (for the whole
    people counts, `_people_part`) are window functions over the selected records only, so a
    refresh of a few cells reads only the records of those cells.
    """
    t = _tables()
    measures = ", ".join(f"r.{m}" for m in _MEASURES)
    q = f"l.{t['thr_q']}"
    parts = ", ".join(f"{_people_part('s.' + m, 's')} AS {m}_part" for m in _PEOPLE)
    return f"""
      SELECT s.*, {parts}
      FROM (
        SELECT r.id AS activity_id, r.reporting_period_id AS period_id, r.azione_id,
               r.organization_id,
               {q} AS quartiere_id,
               1.0 / COUNT(*) OVER (PARTITION BY r.id) AS share,
               CASE WHEN {q} = MIN({q}) OVER (PARTITION BY r.id) THEN 1 ELSE 0 END AS is_primary,
               COUNT(*) OVER (PARTITION BY r.id) AS n_places,
               MOD(ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY {q}) - 1
                   + COUNT(*) OVER (PARTITION BY r.id)
                   - MOD(r.id, COUNT(*) OVER (PARTITION BY r.id)),
                   COUNT(*) OVER (PARTITION BY r.id)) AS pos,
               {measures}
        FROM {t["act"]} r
        JOIN {t["thr"]} l ON l.{t["thr_act"]} = r.id
        WHERE r.status = %s AND r.city_wide = %s {cell_filter}
        UNION ALL
        SELECT r.id, r.reporting_period_id, r.azione_id, r.organization_id,
               CASE WHEN r.city_wide = %s THEN NULL ELSE pc.quartiere_id END, 1.0, 1, 1, 0,
               {measures}
        FROM {t["act"]} r
      LEFT JOIN {t["pc"]} pc ON pc.id = r.punto_comunita_id
      WHERE r.status = %s {cell_filter}
        AND (r.city_wide = %s OR NOT EXISTS (
              SELECT 1 FROM {t["thr"]} x WHERE x.{t["thr_act"]} = r.id))
      ) s
    """  # noqa: S608 - table names from _meta, values as parameters


def _alloc_params(cell_params: list[Any]) -> list[Any]:
    approved = ActivityStatus.APPROVED
    return [approved, False, *cell_params, True, approved, *cell_params, True]


def _insert_facts(cell_filter: str, cell_params: list[Any]) -> None:
    """Sum the selected approved records into the four summary tables.

    The allocation (record × quartiere with its share) is computed once into a temporary table
    and read by the four inserts."""
    t = _tables()
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {_ALLOC}")
        cur.execute(
            f"CREATE TEMPORARY TABLE {_ALLOC} AS {_alloc_sql(cell_filter)}",
            _alloc_params(cell_params),
        )
        if connection.vendor == "postgresql":
            cur.execute(f"ANALYZE {_ALLOC}")
        try:
            cur.execute(
                f"""
                INSERT INTO {t["fact"]} (reporting_period_id, azione_id, quartiere_id, zona_id,
                    records, records_primary, participants, participants_new, volunteers,
                    volunteer_hours, staff_hours, in_kind_value)
                SELECT a.period_id, a.azione_id, a.quartiere_id, q.zona_id,
                       COUNT(*), SUM(a.is_primary),
                       SUM(a.participants_total_part), SUM(a.participants_new_part),
                       SUM(a.volunteers_part), SUM(a.volunteer_hours * a.share),
                       SUM(a.staff_hours * a.share), SUM(a.in_kind_value * a.share)
                FROM {_ALLOC} a
                LEFT JOIN {t["q"]} q ON q.id = a.quartiere_id
                GROUP BY a.period_id, a.azione_id, a.quartiere_id, q.zona_id
                """  # noqa: S608 - table names from _meta
            )
            cur.execute(
                f"""
                INSERT INTO {t["tfact"]} (reporting_period_id, azione_id, zona_id,
                    target_group_id, records, participants)
                SELECT a.period_id, a.azione_id, q.zona_id, tc.target_group_id,
                       SUM(a.is_primary), SUM({_people_part("tc.participants")})
                FROM {_ALLOC} a
                JOIN {t["tc"]} tc ON tc.activity_id = a.activity_id
                LEFT JOIN {t["q"]} q ON q.id = a.quartiere_id
                GROUP BY a.period_id, a.azione_id, q.zona_id, tc.target_group_id
                """  # noqa: S608 - table names from _meta
            )
            cur.execute(
                f"""
                INSERT INTO {t["ffact"]} (reporting_period_id, azione_id, zona_id, source_id,
                    amount)
                SELECT a.period_id, a.azione_id, q.zona_id, f.source_id, SUM(f.amount * a.share)
                FROM {_ALLOC} a
                JOIN {t["fund"]} f ON f.activity_id = a.activity_id
                LEFT JOIN {t["q"]} q ON q.id = a.quartiere_id
                GROUP BY a.period_id, a.azione_id, q.zona_id, f.source_id
                """  # noqa: S608 - table names from _meta
            )
            # Organisations per zone: distinct counts over zones and periods read these rows.
            cur.execute(
                f"""
                INSERT INTO {t["ofact"]} (reporting_period_id, azione_id, organization_id,
                    zona_id, records)
                SELECT a.period_id, a.azione_id, a.organization_id, q.zona_id,
                       COUNT(DISTINCT a.activity_id)
                FROM {_ALLOC} a
                LEFT JOIN {t["q"]} q ON q.id = a.quartiere_id
                GROUP BY a.period_id, a.azione_id, a.organization_id, q.zona_id
                """  # noqa: S608 - table names from _meta
            )
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {_ALLOC}")


def _watermark() -> dict[str, Any]:
    """Three small queries rather than one aggregate that would scan the whole activity table:
    the number of approved records (on PostgreSQL summed from the coverage groups, which the
    triggers of migration 0013 keep exact in the writing transaction — a few rows instead of an
    index-only count of every approved record, 120 ms at a million), two index lookups."""
    records = ActivityRecord.objects.order_by()
    if uses_zone_column():
        approved = CoverageGroup.objects.filter(status=ActivityStatus.APPROVED)
        approved_count = int(approved.aggregate(n=Sum("n"))["n"] or 0)
    else:
        approved_count = records.filter(status=ActivityStatus.APPROVED).count()
    return {
        "approved_count": approved_count,
        "max_approved_at": records.aggregate(m=Max("approved_at"))["m"],
        "max_updated_at": records.aggregate(m=Max("updated_at"))["m"],
    }


def _state_with_watermark() -> tuple[SummaryState | None, dict[str, Any]]:
    """The stored state and the current watermark in one query (issue 14: a cold dashboard
    ran four): the same three figures as `_watermark`, as scalar subqueries of the state row
    (the two latest timestamps are index lookups; the approved count comes from the coverage
    groups on PostgreSQL)."""
    records = ActivityRecord.objects.order_by()
    approved: Any
    if uses_zone_column():
        approved = (
            CoverageGroup.objects.filter(status=ActivityStatus.APPROVED)
            .order_by()
            .values("status")
            .annotate(total=Sum("n"))
            .values("total")
        )
    else:
        approved = (
            records.filter(status=ActivityStatus.APPROVED)
            .values("status")
            .annotate(total=Count("pk"))
            .values("total")
        )
    state = (
        SummaryState.objects.filter(key="activity")
        .annotate(
            wm_approved_count=Subquery(approved),
            wm_max_approved_at=Subquery(
                records.filter(approved_at__isnull=False)
                .order_by("-approved_at")
                .values("approved_at")[:1]
            ),
            wm_max_updated_at=Subquery(records.order_by("-updated_at").values("updated_at")[:1]),
        )
        .first()
    )
    if state is None:
        return None, {}
    return state, {
        "approved_count": int(state.wm_approved_count or 0),
        "max_approved_at": state.wm_max_approved_at,
        "max_updated_at": state.wm_max_updated_at,
    }


def _save_state(mark: dict[str, Any]) -> SummaryState:
    state, _created = SummaryState.objects.select_for_update().get_or_create(key="activity")
    state.refreshed_at = timezone.now()
    state.approved_count = mark["approved_count"] or 0
    state.max_approved_at = mark["max_approved_at"]
    state.max_updated_at = mark["max_updated_at"]
    state.version = (state.version or 0) + 1
    state.save()
    cache.set(VERSION_KEY, state.version, None)
    return state


@transaction.atomic
def rebuild() -> SummaryState:
    """Recompute every summary row from the approved records."""
    mark = _watermark()
    ActivityFact.objects.all().delete()
    ActivityTargetFact.objects.all().delete()
    ActivityFundingFact.objects.all().delete()
    ActivityOrgFact.objects.all().delete()
    _insert_facts("", [])
    return _save_state(mark)


@transaction.atomic
def refresh_for_activity_ids(ids: Iterable[int]) -> SummaryState | None:
    """Recompute the (period, azione) cells of these records (approved or not any more)."""
    ids = list(ids)
    if not ids:
        return None
    mark = _watermark()
    cells = set(
        ActivityRecord.objects.filter(pk__in=ids).values_list("reporting_period_id", "azione_id")
    )
    _refresh_cells(cells)
    return _save_state(mark)


def _refresh_cells(cells: set[tuple[int, int]]) -> None:
    """Delete and recompute the given (period, azione) cells in one pass over their records."""
    if not cells:
        return
    by_period: dict[int, list[int]] = {}
    for period_id, azione_id in sorted(cells):
        by_period.setdefault(period_id, []).append(azione_id)
    which = Q()
    clauses, params = [], []
    for period_id, azione_ids in by_period.items():
        which |= Q(reporting_period_id=period_id, azione_id__in=azione_ids)
        placeholders = ", ".join(["%s"] * len(azione_ids))
        clauses.append(f"(r.reporting_period_id = %s AND r.azione_id IN ({placeholders}))")
        params += [period_id, *azione_ids]
    for model in (ActivityFact, ActivityTargetFact, ActivityFundingFact, ActivityOrgFact):
        model.objects.filter(which).delete()
    _insert_facts(f"AND ({' OR '.join(clauses)})", params)


def freshness_keys() -> list[str]:
    """The cache keys `checked_version` reads: a page can fetch them in the same round trip
    as its own entries."""
    return [_CHECK_KEY, VERSION_KEY]


def checked_version(got: dict[str, Any]) -> int | None:
    """The summary version when it was checked within SUMMARY_CHECK_SECONDS (from a
    `get_many` of `freshness_keys()`), else None: call `ensure_fresh()`."""
    if got.get(_CHECK_KEY) and got.get(VERSION_KEY) is not None:
        return int(got[VERSION_KEY])
    return None


def ensure_fresh(*, force: bool = False, allow_rebuild: bool = True) -> int:
    """Refresh the summary if the activity table changed since the last refresh.

    Cheap when nothing changed: at most one aggregate query every SUMMARY_CHECK_SECONDS.
    Pages call it with allow_rebuild=False: they refresh the changed cells but leave a full
    rebuild (rare: deletions, bulk updates without timestamps) to the beat task, and only one
    process refreshes at a time. Returns the summary version (part of the page cache key).
    """
    if not force:
        checked = checked_version(cache.get_many(freshness_keys()))  # one round trip
        if checked is not None:
            return checked
    state, mark = _state_with_watermark()
    if state is None or state.refreshed_at is None:
        state = rebuild()
    else:
        changed = (
            (mark["approved_count"] or 0) != state.approved_count
            or mark["max_approved_at"] != state.max_approved_at
            or mark["max_updated_at"] != state.max_updated_at
        )
        if changed and cache.add(_LOCK_KEY, True, 600):
            try:
                state = _refresh_changed(state, mark, allow_rebuild=allow_rebuild)
            finally:
                cache.delete(_LOCK_KEY)
    cache.set(_CHECK_KEY, True, SUMMARY_CHECK_SECONDS)
    cache.set(VERSION_KEY, state.version, None)
    return state.version


@transaction.atomic
def _refresh_changed(
    state: SummaryState, mark: dict[str, Any], *, allow_rebuild: bool = True
) -> SummaryState:
    since = Q()
    if state.max_approved_at:
        since |= Q(approved_at__gt=state.max_approved_at)
    if state.max_updated_at:
        since |= Q(updated_at__gt=state.max_updated_at)
    if not since:
        return rebuild() if allow_rebuild else state
    cells = set(
        ActivityRecord.objects.filter(since)
        .values_list("reporting_period_id", "azione_id")
        .distinct()
    )
    _refresh_cells(cells)
    total = ActivityFact.objects.aggregate(n=Sum("records_primary"))["n"] or 0
    if total != (mark["approved_count"] or 0):
        # A change the timestamps do not show (a deletion, a bulk update): start again, or
        # leave it to the beat task (the state is not advanced, so it will see the change).
        if allow_rebuild:
            return rebuild()
        return SummaryState.objects.get(pk=state.pk)
    return _save_state(mark)


def summary_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        state = SummaryState.objects.filter(key="activity").first()
        version = state.version if state else 0
        cache.set(VERSION_KEY, version, None)
    return int(version)
