"""Calls for proposals reads: public calls, applications, rankings, evaluations, grants."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser

from ..models import (
    Application,
    Call,
    CallStatus,
    EvaluatorAssignment,
    Grant,
    Score,
)
from .base import ZERO


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
