"""What the portal search finds in cantieri (and in territori, the ground layer below the
search app, which registers nothing itself): activity records and Punti Comunità."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.search.registry import SearchProvider, register
from territori.models import Quartiere
from territori.selectors import punti_comunita_public

from .selectors import activities_visible_to, azioni_public

ACTIVITY_FIELDS = ("title", "description")


def _activity_url(row: Any) -> str:
    return reverse("cantieri:activity_detail", args=[row.pk])


def _punto_url(row: Any) -> str:
    return reverse("agencies:punto_page", args=[row.slug])


def _punti(user: Any) -> Any:
    return punti_comunita_public()


def _activity_words() -> list[str]:
    # The public catalogue (action names and themes) and the quartieri, never the records'
    # titles: a draft's title must not become a public suggestion.
    azioni = azioni_public().prefetch_related(None).order_by()
    return [
        *azioni.values_list("name", flat=True),
        *azioni.values_list("theme", flat=True),
        *Quartiere.objects.values_list("name", flat=True),
    ]


def register_search() -> None:
    register(
        SearchProvider(
            kind="attivita",
            label=_("Attività"),
            order=10,
            queryset=activities_visible_to,
            fields=ACTIVITY_FIELDS,
            url=_activity_url,
            ordering=("-period_start", "-pk"),
            large=True,
            vocabulary=_activity_words,
        )
    )
    register(
        SearchProvider(
            kind="punti",
            label=_("Punti Comunità"),
            order=30,
            queryset=_punti,
            fields=("name", "address", "opening_hours"),
            url=_punto_url,
            columns=("slug",),
            ordering=("name",),
            vocabulary=lambda: punti_comunita_public().values_list("name", flat=True),
        )
    )
