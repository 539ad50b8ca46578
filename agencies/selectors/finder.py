"""The public service finder ("Trova un servizio"): active units and open Punti Comunità only,
filtered and ordered in the database. Nothing here is reserved: the welfare map is public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from territori.models import PuntoComunita, Quartiere, Zona

from ..models import OpeningSlot, ServiceUnit, WelfareTargetGroup

ROME = ZoneInfo("Europe/Rome")
PUNTO_KIND = "punto"


@dataclass
class FinderFilters:
    group: WelfareTargetGroup | None = None
    zona: Zona | None = None
    quartiere: Quartiere | None = None
    near: Quartiere | None = None
    kind: str = ""
    open_now: bool = False
    day: int | None = None


def rome_now() -> datetime:
    return timezone.localtime(timezone.now(), ROME)


def _slots(owner: str, filters: FinderFilters, now: datetime) -> Q:
    """The owners (units or punti) with a slot matching "open now" and/or "day"."""
    q = Q()
    if filters.open_now:
        t = now.time()
        q &= Q(
            Exists(
                OpeningSlot.objects.filter(
                    **{owner: OuterRef("pk")},
                    weekday=now.isoweekday(),
                    opens__lte=t,
                    closes__gt=t,
                )
            )
        )
    if filters.day:
        q &= Q(Exists(OpeningSlot.objects.filter(**{owner: OuterRef("pk")}, weekday=filters.day)))
    return q


def _near_rank(prefix: str, near: Quartiere) -> Case:
    """0 = the chosen quartiere, 1 = its zona, 2 = the rest of the city."""
    return Case(
        When(**{f"{prefix}quartiere_id": near.pk}, then=Value(0)),
        When(**{f"{prefix}quartiere__zona_id": near.zona_id}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def finder_units(filters: FinderFilters, *, now: datetime | None = None) -> QuerySet[ServiceUnit]:
    """Active units matching the filters; near a quartiere: that quartiere first, then its
    zona, then the city."""
    now = now or rome_now()
    qs = ServiceUnit.objects.filter(active=True)
    if filters.kind == PUNTO_KIND:
        return qs.none()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.group:
        qs = qs.filter(target_group=filters.group)
    if filters.quartiere:
        qs = qs.filter(quartiere=filters.quartiere)
    elif filters.zona:
        qs = qs.filter(quartiere__zona=filters.zona)
    qs = qs.filter(_slots("unit", filters, now))
    qs = qs.select_related("provider", "target_group", "quartiere")
    if filters.near:
        return qs.annotate(rank=_near_rank("", filters.near)).order_by("rank", "name", "pk")
    return qs.order_by("name", "pk")


def finder_punti(filters: FinderFilters, *, now: datetime | None = None) -> list[PuntoComunita]:
    """Open Punti Comunità matching the place and time filters (not the target group: they
    serve everyone); empty when another kind is asked for."""
    now = now or rome_now()
    if filters.kind and filters.kind != PUNTO_KIND:
        return []
    qs = PuntoComunita.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=now.date())
    ).select_related("quartiere")
    if filters.quartiere:
        qs = qs.filter(quartiere=filters.quartiere)
    elif filters.zona:
        qs = qs.filter(quartiere__zona=filters.zona)
    qs = qs.filter(_slots("punto", filters, now))
    if filters.near:
        qs = qs.annotate(rank=_near_rank("", filters.near)).order_by("rank", "name")
    else:
        qs = qs.order_by("quartiere__name", "name")
    return list(qs)


def finder_counts_by_quartiere(units: QuerySet[ServiceUnit]) -> dict[int, int]:
    """Units per quartiere of a filtered list (one grouped query)."""
    rows = (
        units.order_by()
        .filter(quartiere__isnull=False)
        .values("quartiere_id")
        .annotate(n=Count("pk"))
    )
    return {r["quartiere_id"]: r["n"] for r in rows}


def finder_quartieri() -> list[dict[str, Any]]:
    """The tiles' quartieri by zona (name, slug and zona's name only: no boundary)."""
    rows = Quartiere.objects.order_by("zona__order", "name").values(
        "pk", "name", "slug", zona_name=F("zona__name")
    )
    return [dict(row) for row in rows]


def finder_quartieri_for_choice() -> QuerySet[Quartiere]:
    """The quartieri of the filters' drop-downs, by name (without their boundaries)."""
    return Quartiere.objects.only("pk", "name", "slug", "zona_id").order_by("name")


def opening_times_of_day(weekday: int) -> list[time]:
    """Every opening and closing time of the slots of a weekday, sorted: between two of them
    the set of units and punti open now does not change (finder_cache.opening_window)."""
    rows = (
        OpeningSlot.objects.filter(weekday=weekday)
        .order_by()
        .values_list("opens", "closes")
        .distinct()
    )
    return sorted({t for pair in rows for t in pair})


def finder_zone() -> QuerySet[Zona]:
    return Zona.objects.order_by("order", "name")


def finder_unit(pk: int) -> ServiceUnit | None:
    """An active unit with its opening slots, for its public page."""
    return (
        ServiceUnit.objects.filter(pk=pk, active=True)
        .select_related("provider", "target_group", "quartiere__zona", "quartiere__sst")
        .prefetch_related(
            Prefetch("opening_slots", queryset=OpeningSlot.objects.order_by("weekday", "opens"))
        )
        .first()
    )


def nearest_punto(quartiere: Quartiere | None) -> PuntoComunita | None:
    """The open Punto Comunità of the same quartiere, else of the same zona (one query)."""
    if quartiere is None:
        return None
    today = rome_now().date()
    return (
        PuntoComunita.objects.filter(quartiere__zona_id=quartiere.zona_id)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .annotate(rank=_near_rank("", quartiere))
        .select_related("quartiere")
        .order_by("rank", "name")
        .first()
    )


def map_unit_points(units: QuerySet[ServiceUnit], limit: int) -> list[dict[str, Any]]:
    """The map points of the first `limit` units of a filtered list that have coordinates (read
    as values: no model instances for hundreds of units)."""
    rows = units.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "latitude", "longitude", "name", "pk"
    )[:limit]
    return [
        {"lat": float(lat), "lng": float(lng), "name": name, "id": pk}
        for lat, lng, name, pk in rows
    ]


def map_points(
    unit_points: list[dict[str, Any]], punti: list[PuntoComunita]
) -> list[dict[str, Any]]:
    """The points of the Leaflet map: the shown units' (map_unit_points) and the punti that
    have coordinates."""
    points: list[dict[str, Any]] = list(unit_points)
    for p in punti:
        if p.latitude is not None and p.longitude is not None:
            points.append(
                {"lat": float(p.latitude), "lng": float(p.longitude), "name": p.name, "id": None}
            )
    return points
