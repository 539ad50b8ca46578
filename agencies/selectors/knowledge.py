"""Conoscenza reads: needs, service units, the library."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    Prefetch,
    QuerySet,
)

from cantieri.models import ActivityRecord, ActivityStatus
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.reporting.approval import approval_resolver

from ..models import (
    LibraryDocument,
    Need,
    NeedStatus,
    ServiceUnit,
    ServiceUnitYear,
    Tag,
)

# --- Conoscenza ------------------------------------------------------------------------------


def needs_public() -> QuerySet[Need]:
    return (
        Need.objects.filter(published=True)
        .select_related("target_group")
        .prefetch_related("quartieri")
    )


def need_with_responses(pk: int) -> Need | None:
    return (
        Need.objects.select_related("target_group")
        .prefetch_related(
            "quartieri",
            Prefetch(
                "activities",
                queryset=ActivityRecord.objects.select_related("organization").prefetch_related(
                    "quartieri"
                ),
            ),
            Prefetch("service_units", queryset=ServiceUnit.objects.select_related("quartiere")),
            "decisions",
        )
        .filter(pk=pk)
        .first()
    )


def needs_by_status(*, start: date | None = None, end: date | None = None) -> list[dict]:
    qs = Need.objects.all()
    if start:
        qs = qs.filter(identified_on__gte=start)
    if end:
        qs = qs.filter(identified_on__lte=end)
    return list(qs.values("status").annotate(n=Count("pk")).order_by("status"))


def needs_without_answer_by_reason(*, end: date | None = None) -> list[dict]:
    qs = Need.objects.exclude(status=NeedStatus.ANSWERED)
    if end:
        qs = qs.filter(identified_on__lte=end)
    return list(qs.values("status", "reason").annotate(n=Count("pk")).order_by("status", "reason"))


def needs_without_answer_by_quartiere(*, zona_id: int | None = None) -> list[dict]:
    qs = Need.objects.filter(status=NeedStatus.NONE).values(
        "quartieri__name", "quartieri__zona__name"
    )
    if zona_id:
        qs = qs.filter(quartieri__zona_id=zona_id)
    return list(
        qs.annotate(n=Count("pk", distinct=True)).order_by(
            "quartieri__zona__order", "quartieri__name"
        )
    )


def linkable_service_units() -> QuerySet[ServiceUnit]:
    return ServiceUnit.objects.filter(active=True).order_by("name")


def linkable_decisions(user: AnyUser) -> QuerySet:
    """Council decisions the viewer may open (the councils' selector, reached through the
    resolver the councils register), not dropped."""
    return (
        approval_resolver()
        .decisions_visible_to(user)
        .exclude(status="dropped")
        .order_by("-created_at")
    )


def approved_activity(pk: int) -> ActivityRecord | None:
    return ActivityRecord.objects.filter(pk=pk, status=ActivityStatus.APPROVED).first()


def service_units_public() -> QuerySet[ServiceUnit]:
    return (
        ServiceUnit.objects.filter(active=True)
        .select_related("provider", "target_group", "quartiere")
        .prefetch_related(Prefetch("years", queryset=ServiceUnitYear.objects.only("unit", "year")))
    )


def library_public(tag: str | None = None) -> QuerySet[LibraryDocument]:
    qs = LibraryDocument.objects.filter(published=True).prefetch_related("tags")
    if tag:
        qs = qs.filter(tags__slug=tag)
    return qs


def tags_in_use() -> QuerySet[Tag]:
    return Tag.objects.filter(documents__published=True).distinct().order_by("name")
