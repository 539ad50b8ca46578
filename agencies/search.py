"""What the portal search finds in the agencies' public pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.search.registry import SearchProvider, register

from .selectors.calls import calls_public
from .selectors.communication import events_public, news_public
from .selectors.knowledge import needs_public, service_units_public


def _public(selector: Any) -> Any:
    def queryset(user: Any) -> Any:
        return selector()

    return queryset


def _titles(selector: Any, name: str = "title") -> Any:
    """The vocabulary of a public selector: only what anonymous users already see."""

    def words() -> Any:
        return selector().order_by().values_list(name, flat=True)

    return words


def _need_url(row: Any) -> str:
    return f"{reverse('agencies:needs_public')}#bisogno-{row.pk}"


def register_search() -> None:
    register(
        SearchProvider(
            kind="servizi",
            label=_("Unità di servizio"),
            order=20,
            queryset=_public(service_units_public),
            vocabulary=_titles(service_units_public, "name"),
            fields=("name", "provider_name", "address"),
            # the finder's own page of the unit (its selector: active units only, as here)
            url=lambda row: reverse("finder:unit", args=[row.pk]),
            ordering=("name",),
        )
    )
    register(
        SearchProvider(
            kind="bisogni",
            label=_("Bisogni"),
            order=40,
            queryset=_public(needs_public),
            vocabulary=_titles(needs_public),
            fields=("title", "description"),
            # no page of its own: the public register, at the need's row (id="bisogno-<pk>")
            url=_need_url,
        )
    )
    register(
        SearchProvider(
            kind="notizie",
            label=_("Notizie"),
            order=50,
            queryset=_public(news_public),
            vocabulary=_titles(news_public),
            fields=("title", "summary", "body"),
            url=lambda row: reverse("agencies:news_detail", args=[row.pk]),
        )
    )
    register(
        SearchProvider(
            kind="eventi",
            label=_("Eventi"),
            order=51,
            queryset=_public(events_public),
            vocabulary=_titles(events_public),
            fields=("title", "description", "location"),
            url=lambda row: reverse("agencies:event_detail", args=[row.pk]),
        )
    )
    register(
        SearchProvider(
            kind="bandi",
            label=_("Bandi"),
            order=60,
            queryset=_public(calls_public),
            vocabulary=_titles(calls_public),
            fields=("title", "description"),
            url=lambda row: reverse("agencies:call_public_detail", args=[row.pk]),
        )
    )
