"""Comunicazione reads: news, events, campaigns, public pages."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cantieri.models import Azione
from territori.models import PuntoComunita

from ..models import (
    Campaign,
    Event,
    NewsItem,
    PageKind,
    PublicPage,
)

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


def azioni_for_pages() -> QuerySet[Azione]:
    return Azione.objects.order_by("number")


def punti_for_pages() -> QuerySet:

    return (
        PuntoComunita.objects.filter(closed_on__isnull=True)
        .select_related("quartiere")
        .order_by("quartiere__name", "name")
    )
