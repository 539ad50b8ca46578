"""Reads on the agencies' records. Every list a page shows comes from here, filtered by the
viewer's rights (see rules.py); aggregates are computed in the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from cantieri.models import ActivityRecord, ActivityStatus, Azione, FundingSource
from cantieri.selectors import approved_volunteer_totals
from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.core.history import history_entries
from citta_del_noi.reporting.approval import approval_resolver
from territori.models import PuntoComunita

from .models import (
    SPENDING_SOURCES,
    Agency,
    Agreement,
    Application,
    BudgetLine,
    Call,
    CallStatus,
    Campaign,
    EvaluatorAssignment,
    Event,
    Expenditure,
    ExpenditureKind,
    Fundraising,
    Grant,
    LibraryDocument,
    Milestone,
    Need,
    NeedStatus,
    NewsItem,
    Objective,
    PageKind,
    PublicPage,
    Score,
    ServiceUnit,
    ServiceUnitYear,
    SourceAllocation,
    StaffEntry,
    Stakeholder,
    Tag,
    TrainingCourse,
    TrainingParticipation,
    TrainingSession,
    VolunteerCall,
    VolunteerEntry,
    WelfareTargetGroup,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def agency_ids_for_referent(user: Any) -> set[int]:
    return set(Agency.objects.filter(referents=user).values_list("pk", flat=True))


def agency_slugs_for_referent(user: Any) -> set[str]:
    return set(Agency.objects.filter(referents=user).values_list("slug", flat=True))


def agencies_public() -> QuerySet[Agency]:
    return Agency.objects.order_by("order")


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).select_related("page").first()


def tool_queryset(tool: Any, user: AnyUser) -> QuerySet:
    """The records of one tool. Only staff and the tool's agency referents reach this."""
    qs = tool.model.objects.all()
    if tool.select_related:
        qs = qs.select_related(*tool.select_related)
    if tool.prefetch:
        qs = qs.prefetch_related(*tool.prefetch)
    return qs


def record_history(obj: Any) -> list:
    """The last 50 versions of a record that keeps a history, as people read them."""
    if getattr(obj, "history", None) is None:
        return []
    return history_entries(obj, limit=50)


# --- Governance ------------------------------------------------------------------------------


def plan_by_action() -> list[dict]:
    """The programme plan: objectives per action with their milestones."""
    objectives = Objective.objects.select_related("azione").prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.prefetch_related("responsible_organizations"),
        )
    )
    out: dict[int, dict] = {}
    for obj in objectives:
        entry = out.setdefault(obj.azione_id, {"azione": obj.azione, "objectives": []})
        entry["objectives"].append(obj)
    return list(out.values())


def milestone_summary() -> dict[str, Any]:
    return Milestone.objects.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status="completata")),
        late=Count("pk", filter=Q(status="in_ritardo")),
    )


def agreements_public() -> QuerySet[Agreement]:
    return Agreement.objects.filter(published=True).prefetch_related("parties", "quartieri")


def stakeholders_map() -> QuerySet[Stakeholder]:
    return Stakeholder.objects.select_related("organization").order_by("group", "name")


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


# --- Comunicazione ---------------------------------------------------------------------------


def news_public() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(published=True, published_on__lte=timezone.localdate())


def events_public() -> QuerySet[Event]:
    return Event.objects.filter(published=True).select_related("quartiere")


def events_upcoming() -> QuerySet[Event]:
    return events_public().filter(end__gte=timezone.now())


def campaigns_reach() -> dict[str, Any]:
    r = Campaign.objects.aggregate(c_n=Count("pk"), c_reach=Coalesce(Sum("reach"), 0))
    return {"n": r["c_n"], "reach": r["c_reach"]}


def page_for(kind: str, obj: Any) -> PublicPage | None:
    field = {PageKind.AZIONE: "azione", PageKind.AGENCY: "agency", PageKind.PUNTO: "punto"}[
        PageKind(kind)
    ]
    return PublicPage.objects.filter(**{field: obj}).first()


def azione_by_slug(slug: str) -> Azione | None:
    return Azione.objects.filter(slug=slug).first()


def punto_by_slug(slug: str) -> Any:

    return (
        PuntoComunita.objects.select_related("quartiere", "lead_organization")
        .filter(slug=slug)
        .first()
    )


# --- Finanza ---------------------------------------------------------------------------------


def allocated_total(*, source_id: int, year: int) -> Decimal | None:
    row = SourceAllocation.objects.filter(source_id=source_id, year=year).first()
    return row.amount if row else None


def budgeted_total(*, source_id: int, year: int, exclude_pk: int | None = None) -> Decimal:
    qs = BudgetLine.objects.filter(source_id=source_id, year=year)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(t=Coalesce(Sum("amount"), Decimal("0")))["t"]


def resources_by_sector(*, year: int | None = None, end_year: int | None = None) -> dict[str, Any]:
    """Public and private resources (source allocations) apart, and the leverage: resources
    from every other source per euro of the main grant, computed in SQL."""
    qs = SourceAllocation.objects.all()
    if year:
        qs = qs.filter(year__gte=year)
    if end_year:
        qs = qs.filter(year__lte=end_year)
    money: Any = DecimalField(max_digits=14, decimal_places=2)
    main = Sum("amount", filter=Q(source__is_main_grant=True), output_field=money)
    other = Sum("amount", filter=Q(source__is_main_grant=False), output_field=money)
    return qs.aggregate(
        public=Coalesce(Sum("amount", filter=Q(source__sector=FundingSource.Sector.PUBLIC)), ZERO),
        private=Coalesce(
            Sum("amount", filter=Q(source__sector=FundingSource.Sector.PRIVATE)), ZERO
        ),
        main_grant=Coalesce(main, ZERO),
        raised=Coalesce(other, ZERO),
        leverage=Cast(other, FloatField()) / NullIf(Cast(main, FloatField()), 0.0),
    )


def resources_by_source(*, year: int | None = None, end_year: int | None = None) -> list[dict]:
    qs = SourceAllocation.objects.all()
    if year:
        qs = qs.filter(year__gte=year)
    if end_year:
        qs = qs.filter(year__lte=end_year)
    return list(
        qs.values("source__name", "source__sector", "source__is_main_grant")
        .annotate(total=Sum("amount"))
        .order_by("source__sector", "source__order")
    )


def _spending(kind: str) -> Any:
    return Coalesce(
        Sum(
            "expenditures__amount",
            filter=Q(expenditures__kind=kind),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        ZERO,
    )


def budget_vs_spending_by(
    field: str,
    *,
    year: int | None = None,
    end_year: int | None = None,
    azione_id: int | None = None,
) -> list[dict]:
    """Budget, commitments and payments grouped by `field` ("azione__name", "agency__name").

    Budget and expenditure sums come from separate subqueries so the join never multiplies
    the budget by the number of expenditures."""
    lines = BudgetLine.objects.all()
    if year:
        lines = lines.filter(year__gte=year)
    if end_year:
        lines = lines.filter(year__lte=end_year)
    if azione_id:
        lines = lines.filter(azione_id=azione_id)
    spent = (
        Expenditure.objects.filter(budget_line=OuterRef("pk"))
        .values("budget_line")
        .annotate(
            c=Sum("amount", filter=Q(kind=ExpenditureKind.COMMITMENT)),
            p=Sum("amount", filter=Q(kind=ExpenditureKind.PAYMENT)),
        )
    )
    money: Any = DecimalField(max_digits=14, decimal_places=2)
    annotated = lines.annotate(
        committed=Coalesce(Subquery(spent.values("c"), output_field=money), ZERO),
        paid=Coalesce(Subquery(spent.values("p"), output_field=money), ZERO),
    )
    return list(
        annotated.values(field)
        .annotate(budget=Sum("amount"), committed_sum=Sum("committed"), paid_sum=Sum("paid"))
        .order_by(field)
    )


def budget_lines_with_spending() -> QuerySet[BudgetLine]:
    return BudgetLine.objects.select_related("source", "azione", "agency").annotate(
        committed=_spending(ExpenditureKind.COMMITMENT), paid=_spending(ExpenditureKind.PAYMENT)
    )


def fundraising_totals() -> dict[str, Any]:
    r = Fundraising.objects.aggregate(
        f_raised=Coalesce(Sum("raised_amount"), ZERO), f_donations=Coalesce(Sum("donations"), 0)
    )
    return {"raised": r["f_raised"], "donations": r["f_donations"]}


def fundraising_public() -> QuerySet[Fundraising]:
    return Fundraising.objects.filter(published=True)


def calls_public() -> QuerySet[Call]:
    return Call.objects.exclude(status=CallStatus.DRAFT).select_related("source")


def call_public(pk: int) -> Call | None:
    return calls_public().prefetch_related("criteria").filter(pk=pk).first()


def call_for_staff(pk: int) -> Call | None:
    return Call.objects.prefetch_related("criteria").filter(pk=pk).first()


def applications_of_user(user: AnyUser) -> QuerySet[Application]:
    return Application.objects.filter(
        organization_id__in=roles.partner_organization_ids(user)
    ).select_related("call", "organization", "grant")


def application_of_org(*, call: Call, organization_ids: set[int]) -> Application | None:
    return Application.objects.filter(call=call, organization_id__in=organization_ids).first()


def call_ranking(call: Call) -> QuerySet[Application]:
    """Applications with their score: for each evaluator the weighted sum of
    score / max_score × weight over the criteria, averaged over evaluators (SQL)."""
    weighted = ExpressionWrapper(
        Cast(F("score"), FloatField())
        * Cast(F("criterion__weight"), FloatField())
        / Cast(F("criterion__max_score"), FloatField()),
        output_field=FloatField(),
    )

    total = (
        Score.objects.filter(assignment__application=OuterRef("pk"))
        .values("assignment__application")
        .annotate(t=Sum(weighted))
        .values("t")
    )
    evaluated = (
        EvaluatorAssignment.objects.filter(application=OuterRef("pk"), completed_at__isnull=False)
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Application.objects.filter(call=call)
        .select_related("organization", "grant")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=EvaluatorAssignment.objects.select_related("evaluator")
            )
        )
        .annotate(
            score_sum=Coalesce(Subquery(total, output_field=FloatField()), 0.0),
            evaluations=Coalesce(Subquery(evaluated), 0),
        )
        .annotate(
            score=F("score_sum") / Cast(NullIf(F("evaluations"), 0), FloatField()),
        )
        .order_by(F("score").desc(nulls_last=True), "submitted_at")
    )


def assignments_for_evaluator(user: AnyUser) -> QuerySet[EvaluatorAssignment]:
    if not user.is_authenticated:
        return EvaluatorAssignment.objects.none()
    return EvaluatorAssignment.objects.filter(evaluator=user).select_related(
        "application__call", "application__organization"
    )


def assignment_for_evaluator(user: AnyUser, pk: int) -> EvaluatorAssignment | None:
    return (
        assignments_for_evaluator(user)
        .prefetch_related("scores", "application__call__criteria")
        .filter(pk=pk)
        .first()
    )


def grants_summary() -> dict[str, Any]:

    r = Grant.objects.aggregate(g_n=Count("pk"), g_total=Coalesce(Sum("amount"), ZERO))
    return {"n": r["g_n"], "total": r["g_total"]}


def azioni_for_pages() -> QuerySet[Azione]:
    return Azione.objects.order_by("number")


def punti_for_pages() -> QuerySet:

    return (
        PuntoComunita.objects.filter(closed_on__isnull=True)
        .select_related("quartiere")
        .order_by("quartiere__name", "name")
    )


# --- welfare map by year (Bilancio Sociale: "Le risorse in campo") ---------------------------
# Public aggregates: the welfare map is public, and people counts leave only through the
# Bilancio's blocks, which pass the disclosure control.


def welfare_target_groups() -> list[WelfareTargetGroup]:
    return list(WelfareTargetGroup.objects.order_by("order", "label"))


def welfare_map_years(*, up_to: int, count: int = 3) -> list[int]:
    """The most recent `count` years of the map up to `up_to` that have data, oldest first."""
    years = (
        ServiceUnitYear.objects.filter(year__lte=up_to, year__gt=up_to - count)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return list(years)


def welfare_units_by_group(*, years: list[int]) -> list[dict[str, Any]]:
    """Per year and target group: units, known users and places, spending (one query)."""
    return list(
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year", "target_group_id")
        .annotate(
            units=Count("pk"),
            users_sum=Sum("users"),
            units_with_users=Count("users"),
            places_sum=Sum("places"),
        )
        .order_by("year", "target_group_id")
    )


def welfare_providers_by_form(*, years: list[int]) -> list[dict[str, Any]]:
    """Per year: the Comune's own units (run_by_comune) and, for the others, providers (each
    counted once) and units per legal form (one query)."""
    return list(
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year", "run_by_comune", "provider_legal_form")
        .annotate(providers=Count("provider_key", distinct=True), units=Count("pk"))
        .order_by("year", "run_by_comune", "provider_legal_form")
    )


def welfare_providers_total(*, years: list[int]) -> dict[int, int]:
    """Distinct providers per year, the Comune counted once (one query)."""
    rows = (
        ServiceUnitYear.objects.filter(year__in=years)
        .annotate(
            who=Case(
                When(run_by_comune=True, then=Value("comune")),
                default=F("provider_key"),
                output_field=CharField(),
            )
        )
        .values("year")
        .annotate(n=Count("who", distinct=True))
    )
    return {r["year"]: r["n"] for r in rows}


def welfare_spending_by_year(*, years: list[int]) -> dict[int, dict[str, Decimal]]:
    """Per year, the spending of the units by funding source (one query)."""
    rows = (
        ServiceUnitYear.objects.filter(year__in=years)
        .values("year")
        .annotate(**{f: Coalesce(Sum(f), ZERO) for f, _l in SPENDING_SOURCES})
        .order_by("year")
    )
    return {r["year"]: {f: r[f] for f, _l in SPENDING_SOURCES} for r in rows}
