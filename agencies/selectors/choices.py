"""What the agencies' drop-downs offer, by viewer.

Reference data everyone may see (active organisations, quartieri, zones, sources, target
groups) comes from the public selectors of the apps that own it; records scoped by
organisation come from the owner's selector for the viewer.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cantieri.choice_selectors import activity_linkable_by, funding_sources_for_choice
from cantieri.models import FundingSource
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations.models import Organization
from citta_del_noi.organizations.selectors import organizations_public
from territori.models import Quartiere, Zona
from territori.selectors import quartieri_public, zones_public

from ..models import BudgetLine, Call, CallStatus, WelfareTargetGroup


def organizations_for_choice() -> QuerySet[Organization]:
    return organizations_public()


def quartieri_for_choice() -> QuerySet[Quartiere]:
    return quartieri_public()


def zones_for_choice() -> QuerySet[Zona]:
    return zones_public()


def sources_for_choice() -> QuerySet[FundingSource]:
    return funding_sources_for_choice()


def welfare_groups_for_choice() -> QuerySet[WelfareTargetGroup]:
    return WelfareTargetGroup.objects.order_by("order", "label")


def budget_lines_for_choice() -> QuerySet[BudgetLine]:
    return BudgetLine.objects.select_related("source", "azione")


def calls_in_draft() -> QuerySet[Call]:
    return Call.objects.filter(status=CallStatus.DRAFT)


def activity_number_linkable(user: AnyUser | None, pk: int) -> bool:
    """A record number an expenditure may cite: one of the records the viewer may see."""
    return user is not None and activity_linkable_by(user, pk)
