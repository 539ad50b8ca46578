"""Governance reads: the plan by action, milestones, agreements, stakeholders."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
)

from ..models import (
    Agreement,
    Milestone,
    Objective,
    Stakeholder,
)

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
