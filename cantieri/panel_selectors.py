"""Reads of the role home's activity panels: what the partner or the reviewer must do next.
Each panel runs a fixed number of aggregated queries; lists are capped. The reviewer's counts
over the review queue come from the coverage groups on PostgreSQL (issue 14: a few hundred
summary rows kept exact by triggers, instead of the 33,000 waiting records and their quartieri,
130-150 ms a query at 1,000,000 records); elsewhere they are cached on the activity data
version."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, Min, Sum
from django.utils import timezone

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Organization
from territori.models import Zona

from . import coverage_cache, rules
from .coverage import coverage_rows_for
from .models import ActivityRecord, ActivityStatus, ReportingPeriod
from .selectors import ActivityFilters, activities_visible_to
from .zones import ZoneSet, uses_zone_column

RETURNED_MAX = 5
PERIODS_MAX = 3
WAITING_CACHE_SECONDS = 600


def partner_panel(user: AnyUser) -> dict:
    own = roles.partner_organization_ids(user)
    mine = ActivityRecord.objects.filter(organization_id__in=own)
    counts = {
        row["status"]: row["n"] for row in mine.values("status").annotate(n=Count("pk")).order_by()
    }
    returned = list(
        mine.filter(status=ActivityStatus.RETURNED)
        .only("pk", "title", "review_comment")
        .order_by("-updated_at", "-pk")[:RETURNED_MAX]
    )
    today = timezone.localdate()
    deadlines = list(
        ReportingPeriod.objects.filter(locked_at__isnull=True, closes_on__gte=today).order_by(
            "closes_on"
        )[:PERIODS_MAX]
    )
    return {
        "counts": [(label, counts.get(value, 0), value) for value, label in ActivityStatus.choices],
        "drafts": counts.get(ActivityStatus.DRAFT, 0),
        "returned": counts.get(ActivityStatus.RETURNED, 0),
        "returned_records": returned,
        "deadlines": deadlines,
        "organizations": list(Organization.objects.filter(pk__in=own).order_by("name")),
        "can_record": org_rules.records_for_any(user),
    }


def _waiting_counts(user: AnyUser) -> dict:
    """The records waiting for review that the reviewer sees: how many, the oldest, by zone."""
    if uses_zone_column():
        return _waiting_counts_from_groups(user)
    return _waiting_counts_from_records(user)


def _waiting_counts_from_groups(user: AnyUser) -> dict:
    """Three small queries whatever the archive: the viewer's coverage groups of submitted
    records by zone set (the same visibility and the same zone rule as the review queue's zone
    filter: a record touches a zone through its quartieri or its Punto Comunità; one with no
    zone at all is "city-wide or without quartiere"), the names of those zones, and the oldest
    submission (an index probe on status, submitted_at)."""
    groups = coverage_rows_for(user, ActivityFilters(status=ActivityStatus.SUBMITTED))
    rows = groups.annotate(zset=ZoneSet()).values("zset").annotate(n=Sum("n")).order_by()
    total = 0
    nowhere = 0
    per_zone: dict[int, int] = defaultdict(int)
    for row in rows:
        n = int(row["n"] or 0)
        total += n
        if not row["zset"]:
            nowhere += n
        for zone in row["zset"] or []:
            per_zone[int(zone)] += n
    names = (
        dict(Zona.objects.filter(pk__in=list(per_zone)).values_list("pk", "name"))
        if per_zone
        else {}
    )
    by_zone: list[dict] = [{"zone": None, "n": nowhere}] if nowhere else []
    by_zone += sorted(
        ({"zone": names[pk], "n": n} for pk, n in per_zone.items() if pk in names),
        key=lambda row: row["zone"],
    )
    oldest = (
        activities_visible_to(user)
        .filter(status=ActivityStatus.SUBMITTED)
        .aggregate(oldest=Min("submitted_at"))["oldest"]
    )
    return {"waiting": total, "oldest": oldest, "by_zone": by_zone}


def _waiting_counts_from_records(user: AnyUser) -> dict:
    """Without the coverage groups (SQLite): two queries over the review queue (its size, not
    the archive's), cached on their exact SQL and the activity data version
    (coverage_cache.data_version: bumped after every write of a record), so a
    warm home reads none of them and a write shows on the next request."""
    waiting = activities_visible_to(user).filter(status=ActivityStatus.SUBMITTED)
    try:
        sql, params = waiting.query.sql_with_params()
    except EmptyResultSet:
        sql, params = "none", ()
    what = (sql, params, coverage_cache.data_version())
    key = "cantieri:panel:waiting:" + hashlib.sha256(repr(what).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        agg = waiting.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
        by_zone = list(
            waiting.values(zone=F("quartieri__zona__name"))
            .annotate(n=Count("pk", distinct=True))
            .order_by(F("zone").asc(nulls_first=True))
        )
        found = {"waiting": agg["n"], "oldest": agg["oldest"], "by_zone": by_zone}
        cache.set(key, found, WAITING_CACHE_SECONDS)
    return found


def staff_panel(user: AnyUser) -> dict:
    counts = _waiting_counts(user)
    can_close = rules.can_close_periods(user)
    to_close = (
        list(
            ReportingPeriod.objects.filter(
                locked_at__isnull=True, end__lt=timezone.localdate()
            ).order_by("end")[:PERIODS_MAX]
        )
        if can_close
        else []
    )
    return {
        **counts,
        "can_close_periods": can_close,
        "periods_to_close": to_close,
        "can_read_aggregates": rules.can_read_aggregates(user),
    }
