"""Reads of the role home's activity panels: what the partner or the reviewer must do next.
Each panel runs a fixed number of aggregated queries; lists are capped."""

from __future__ import annotations

from django.db.models import Count, F, Min
from django.utils import timezone

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Organization

from . import rules
from .models import ActivityRecord, ActivityStatus, ReportingPeriod
from .selectors import activities_visible_to

RETURNED_MAX = 5
PERIODS_MAX = 3


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


def staff_panel(user: AnyUser) -> dict:
    waiting = activities_visible_to(user).filter(status=ActivityStatus.SUBMITTED)
    agg = waiting.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    by_zone = list(
        waiting.values(zone=F("quartieri__zona__name"))
        .annotate(n=Count("pk", distinct=True))
        .order_by(F("zone").asc(nulls_first=True))
    )
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
        "waiting": agg["n"],
        "oldest": agg["oldest"],
        "by_zone": by_zone,
        "can_close_periods": can_close,
        "periods_to_close": to_close,
        "can_read_aggregates": rules.can_read_aggregates(user),
    }
