"""Reads of the role home's activity panels: what the partner or the reviewer must do next.
Each panel runs a fixed number of aggregated queries; lists are capped. The reviewer's counts
over the review queue are cached on the activity data version (issue 14)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, Min
from django.utils import timezone

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Organization

from . import coverage_cache, rules
from .models import ActivityRecord, ActivityStatus, ReportingPeriod
from .selectors import activities_visible_to

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
    """The records waiting for review that the reviewer sees: how many, the oldest, by zone.
    Two queries over the review queue (its size, not the archive's), cached on their exact SQL
    and the activity data version (coverage_cache.data_version: bumped after every write of a
    record), so a warm home reads none of them and a write shows on the next request."""
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
