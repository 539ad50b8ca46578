"""What the portal search finds in cantieri (and in territori, the ground layer below the
search app, which registers nothing itself): activity records and Punti Comunità."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.search.registry import SearchProvider, register
from territori.selectors import punti_comunita_public

from .selectors import activities_visible_to

ACTIVITY_FIELDS = ("title", "description")


def _activity_url(obj: Any) -> str:
    return reverse("cantieri:activity_detail", args=[obj.pk])


def _punto_url(obj: Any) -> str:
    return reverse("agencies:punto_page", args=[obj.slug])


def _punti(user: Any) -> Any:
    return punti_comunita_public()


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
            ordering=("name",),
        )
    )
