"""What the portal search finds in the councils: meetings and decisions, as the viewer may see
them (reserved agenda items and unapproved minutes stay with the council)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.search.registry import SearchProvider, register

from .selectors import decisions_visible_to, meetings_visible_to


def _meeting_url(obj: Any) -> str:
    return reverse("consigli:public_detail", args=[obj.consiglio.slug])


def register_search() -> None:
    register(
        SearchProvider(
            kind="riunioni",
            label=_("Riunioni dei consigli"),
            order=70,
            queryset=meetings_visible_to,
            fields=("title", "location"),
            url=_meeting_url,
            title=lambda m: str(m),
            ordering=("-starts_at", "-pk"),
        )
    )
    register(
        SearchProvider(
            kind="decisioni",
            label=_("Decisioni dei consigli"),
            order=71,
            queryset=decisions_visible_to,
            fields=("text",),
            url=lambda d: reverse("consigli:decision_detail", args=[d.pk]),
            title=lambda d: d.agenda_item.title,
        )
    )
