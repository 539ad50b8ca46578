"""What the agencies' drop-downs offer, by viewer.

Reference data everyone may see (active organisations, quartieri, zones, sources, target
groups) comes from the public selectors of the apps that own it; records scoped by
organisation come from the owner's selector for the viewer.

The tools' forms (agencies/forms/base.py, `ToolForm`) call each selector with the form's
`ToolScope`: the viewer and the agency whose tool the form belongs to. Reference data does not
depend on it; the records an agency keeps in its own tools (objectives, courses, service units,
calls, budget lines) are offered only on that agency's forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet

from cantieri import choice_selectors as cantieri_choices
from cantieri.models import Azione, FundingSource, ReportingPeriod, TargetGroup
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations.models import Organization
from citta_del_noi.organizations.selectors import organizations_public
from territori.models import PuntoComunita, Quartiere, Zona
from territori.selectors import punti_comunita_open_for_choice, quartieri_public, zones_public

from ..models import (
    Agency,
    BudgetLine,
    Call,
    CallStatus,
    Objective,
    ServiceUnit,
    TrainingCourse,
    WelfareTargetGroup,
)

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class ToolScope:
    """Who fills in a tool's form, and for which agency (the slug of the tool's agency).

    Built by `rules.tool_scope`, which first checks that the viewer manages that agency."""

    viewer: AnyUser
    agency: str


def _kept_by(owner: str, scope: ToolScope, records: QuerySet[_M]) -> QuerySet[_M]:
    """Records that one agency keeps in its own tools: offered only on that agency's forms."""
    return records if scope.agency == owner else records.none()


# --- reference data (the same for every viewer who reaches a tool) ---------------------------


def organizations_for_choice(scope: ToolScope | None = None) -> QuerySet[Organization]:
    """Active organisations (`Organization.active`), by name: a dissolved one is not offered."""
    return organizations_public()


def quartieri_for_choice(scope: ToolScope | None = None) -> QuerySet[Quartiere]:
    return quartieri_public()


def zones_for_choice(scope: ToolScope | None = None) -> QuerySet[Zona]:
    return zones_public()


def punti_for_choice(scope: ToolScope | None = None) -> QuerySet[PuntoComunita]:
    """Open Punti Comunità only: a closed one takes no new opening hours."""
    return punti_comunita_open_for_choice()


def azioni_for_choice(scope: ToolScope | None = None) -> QuerySet[Azione]:
    return cantieri_choices.azioni_for_choice()


def periods_for_choice(scope: ToolScope | None = None) -> QuerySet[ReportingPeriod]:
    """Reporting periods, newest first."""
    return cantieri_choices.periods_for_choice()


def target_groups_for_choice(scope: ToolScope | None = None) -> QuerySet[TargetGroup]:
    return cantieri_choices.target_groups_for_choice()


def sources_for_choice(scope: ToolScope | None = None) -> QuerySet[FundingSource]:
    return cantieri_choices.funding_sources_for_choice()


def welfare_groups_for_choice(scope: ToolScope | None = None) -> QuerySet[WelfareTargetGroup]:
    return WelfareTargetGroup.objects.order_by("order", "label")


def agencies_for_choice(scope: ToolScope | None = None) -> QuerySet[Agency]:
    """The five agencies, in their order (public reference data)."""
    return Agency.objects.order_by("order", "pk")


# --- records an agency keeps in its own tools -------------------------------------------------


def objectives_for_choice(scope: ToolScope) -> QuerySet[Objective]:
    """The plan's objectives (governance), by action and title."""
    return _kept_by("governance", scope, Objective.objects.order_by("azione__number", "title"))


def training_courses_for_choice(scope: ToolScope) -> QuerySet[TrainingCourse]:
    """The training courses (risorse umane), the latest first."""
    return _kept_by("risorse-umane", scope, TrainingCourse.objects.order_by("-start", "title"))


def service_units_for_choice(scope: ToolScope) -> QuerySet[ServiceUnit]:
    """Active units of the welfare map (conoscenza), by name."""
    return _kept_by(
        "conoscenza", scope, ServiceUnit.objects.filter(active=True).order_by("name", "pk")
    )


def budget_lines_for_choice(scope: ToolScope) -> QuerySet[BudgetLine]:
    """The budget lines (finanza), the latest year first."""
    return _kept_by(
        "finanza",
        scope,
        BudgetLine.objects.select_related("source", "azione").order_by(
            "-year", "azione__number", "description"
        ),
    )


def calls_in_draft(scope: ToolScope) -> QuerySet[Call]:
    """Calls still in draft (finanza): their criteria may still change."""
    return _kept_by(
        "finanza", scope, Call.objects.filter(status=CallStatus.DRAFT).order_by("-deadline")
    )


def activity_number_linkable(user: AnyUser | None, pk: int) -> bool:
    """A record number an expenditure may cite: one of the records the viewer may see."""
    return user is not None and cantieri_choices.activity_linkable_by(user, pk)
