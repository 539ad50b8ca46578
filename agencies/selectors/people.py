"""Risorse umane reads: staff, training, volunteer calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cantieri.selectors import approved_volunteer_totals

from ..models import (
    StaffEntry,
    TrainingCourse,
    TrainingParticipation,
    TrainingSession,
    VolunteerCall,
    VolunteerEntry,
)

# --- Risorse umane ---------------------------------------------------------------------------


def people_totals(*, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    """Staff, volunteers and volunteer hours in the period.

    Rule against double counting: VolunteerEntry records only volunteers NOT tied to recorded
    activities; volunteers of activities come from approved activity records. The totals add
    the two sources, which never describe the same hours. The activity part comes from the
    summary tables of approved records (cantieri), refreshed by beat every few minutes.
    """
    staff = StaffEntry.objects.all()
    vol = VolunteerEntry.objects.all()
    if start:
        staff = staff.filter(reporting_period__end__gte=start)
        vol = vol.filter(reporting_period__end__gte=start)
    if end:
        staff = staff.filter(reporting_period__start__lte=end)
        vol = vol.filter(reporting_period__start__lte=end)
    s = staff.aggregate(
        s_people=Coalesce(Sum("people"), 0),
        s_female=Coalesce(Sum("people", filter=Q(sex="F")), 0),
        s_male=Coalesce(Sum("people", filter=Q(sex="M")), 0),
        s_hours=Coalesce(Sum("hours"), Decimal("0")),
    )
    v = vol.aggregate(
        v_volunteers=Coalesce(Sum("volunteers"), 0),
        v_hours=Coalesce(Sum("volunteer_hours"), Decimal("0")),
    )
    acts = approved_volunteer_totals(start=start, end=end)
    a = {"a_volunteers": acts["volunteers"], "a_hours": Decimal(str(acts["volunteer_hours"]))}
    return {
        "staff": s["s_people"],
        "staff_female": s["s_female"],
        "staff_male": s["s_male"],
        "staff_hours": s["s_hours"],
        "volunteers_other": v["v_volunteers"],
        "volunteer_hours_other": v["v_hours"],
        "volunteers_activities": a["a_volunteers"],
        "volunteer_hours_activities": a["a_hours"],
        "volunteers": v["v_volunteers"] + a["a_volunteers"],
        "volunteer_hours": v["v_hours"] + a["a_hours"],
    }


def staff_by(field: str, *, start: date | None = None, end: date | None = None) -> list[dict]:
    qs = StaffEntry.objects.all()
    if start:
        qs = qs.filter(reporting_period__end__gte=start)
    if end:
        qs = qs.filter(reporting_period__start__lte=end)
    return list(qs.values(field).annotate(total=Sum("people")).order_by(field))


def training_totals(*, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    sessions = TrainingSession.objects.all()
    parts = TrainingParticipation.objects.all()
    courses = TrainingCourse.objects.all()
    if start:
        sessions = sessions.filter(date__gte=start)
        courses = courses.filter(Q(end__gte=start) | Q(end__isnull=True, start__gte=start))
        parts = parts.filter(course__in=courses)
    if end:
        sessions = sessions.filter(date__lte=end)
        courses = courses.filter(start__lte=end)
        parts = parts.filter(course__in=courses)
    return {
        "courses": courses.count(),
        "hours": sessions.aggregate(t_hours=Coalesce(Sum("hours"), Decimal("0")))["t_hours"],
        "participants": parts.aggregate(t_p=Coalesce(Sum("participants"), 0))["t_p"],
    }


def training_courses_with_totals() -> QuerySet[TrainingCourse]:
    hours = (
        TrainingSession.objects.filter(course=OuterRef("pk"))
        .values("course")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    parts = (
        TrainingParticipation.objects.filter(course=OuterRef("pk"))
        .values("course")
        .annotate(p=Sum("participants"))
        .values("p")
    )
    return TrainingCourse.objects.annotate(
        total_hours=Coalesce(Subquery(hours), Decimal("0")),
        total_participants=Coalesce(Subquery(parts), 0),
    )


def volunteer_calls_public() -> QuerySet[VolunteerCall]:
    return (
        VolunteerCall.objects.filter(published=True, open_until__gte=timezone.localdate())
        .select_related("organization")
        .prefetch_related("quartieri")
    )


def volunteer_call_public(pk: int) -> VolunteerCall | None:
    return volunteer_calls_public().filter(pk=pk).first()
