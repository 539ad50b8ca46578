"""The coverage page's rows: coverage groups when they can answer, else the records.

On PostgreSQL the coverage groups (cantieri migration 0013, kept exact by triggers) hold the
records counted by action, status, reporting period, city-wide and zone set, and per
organisation: the viewer's condition (selectors.aggregate_condition_for) and the list filters
(selectors.filter_activities) apply to them unchanged, because they name the same fields. The
matrix then sums a few thousand rows instead of grouping a million records. A free-text filter
(`q`, on the title) cannot be answered from groups: the page then groups the records (through
the cache of cantieri/coverage_cache.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser

from .models import ActivityRecord, ActivityStatus, Azione, CoverageGroup, CoverageOrgGroup
from .selectors import ActivityFilters, aggregate_condition_for, filter_activities
from .zones import uses_zone_column


def _names_organization(condition: Any) -> bool:
    if isinstance(condition, Q):
        return any(_names_organization(child) for child in condition.children)
    if isinstance(condition, tuple):
        return str(condition[0]).startswith("organization")
    return False


def coverage_rows_for(user: AnyUser, f: ActivityFilters, *, own_only: bool = False) -> QuerySet:
    """What the coverage matrix of `user` with filters `f` counts: coverage groups (PostgreSQL,
    no free text), else activity records. `own_only`: the user's own organisations' part."""
    condition = aggregate_condition_for(user)
    extra = Q(organization_id__in=roles.partner_organization_ids(user)) if own_only else None
    qs: QuerySet[Any]
    if uses_zone_column() and not f.q:
        by_org = own_only or f.organization is not None or _names_organization(condition)
        qs = (CoverageOrgGroup if by_org else CoverageGroup).objects.all()
    else:
        qs = ActivityRecord.objects.all()
    if condition is not None:
        qs = qs.filter(condition)
    if extra is not None:
        qs = qs.filter(extra)
    return filter_activities(qs, f)


def approved_totals_of(azione: Azione) -> dict[str, int]:
    """An action's approved records, participants and volunteers (public figures of the
    cantiere's page): summed from the coverage groups on PostgreSQL, exact like the records."""
    approved = {"azione": azione, "status": ActivityStatus.APPROVED}
    if uses_zone_column():
        agg = CoverageGroup.objects.filter(**approved).aggregate(
            activities=Sum("n"), participants=Sum("p"), volunteers=Sum("v")
        )
    else:
        agg = ActivityRecord.objects.filter(**approved).aggregate(
            activities=Count("pk"),
            participants=Sum("participants_total"),
            volunteers=Sum("volunteers"),
        )
    return {key: int(value or 0) for key, value in agg.items()}
