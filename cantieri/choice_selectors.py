"""What the actions' drop-downs offer, by viewer.

Reference data that everyone may see (actions, kinds, periods, target groups, sources) comes
from plain public selectors; what is scoped by zone is filtered by the viewer's rights.
"""

from __future__ import annotations

from django.db.models import QuerySet

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from territori.models import Zona
from territori.selectors import zones_public

from . import filter_options
from .models import (
    ActivityKind,
    Azione,
    FundingSource,
    Indicator,
    ReportingPeriod,
    TargetGroup,
)
from .selectors import activities_visible_to


def azioni_for_choice() -> QuerySet[Azione]:
    return Azione.objects.order_by("number")


def activity_kinds_for_choice() -> QuerySet[ActivityKind]:
    return ActivityKind.objects.order_by("name")


def periods_for_choice() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.order_by("-start")


def target_groups_for_choice() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.order_by("order", "name")


def funding_sources_for_choice() -> QuerySet[FundingSource]:
    return FundingSource.objects.order_by("order", "name")


def indicators_for_choice() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("azione")


def zones_for_filter(user: AnyUser) -> QuerySet[Zona]:
    """The zones a viewer may filter by: a staff member limited to some zones sees only them."""
    zones = zones_public()
    limited = roles.staff_zone_ids(user)
    return zones if limited is None else zones.filter(pk__in=limited)


def zone_choices_for(user: AnyUser) -> list[tuple[int, str]]:
    """`zones_for_filter` as the drop-down's (id, name) pairs, from the cached reference data
    (cantieri.filter_options): no query."""
    limited = roles.staff_zone_ids(user)
    every = filter_options.options()["zona"]
    return list(every) if limited is None else [(pk, n) for pk, n in every if pk in limited]


def activity_linkable_by(user: AnyUser, pk: int) -> bool:
    """Whether a record number may be linked by this viewer: only records they may see (a
    number of another partner's draft is "no such record", not a yes)."""
    return activities_visible_to(user).filter(pk=pk).exists()
