"""What the portal search finds in the Bilancio Sociale: published editions (staff who manage
the Bilancio also find the others)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.search.registry import SearchProvider, register

from .models import Edition, EditionStatus
from .selectors import can_manage, editions_published


def editions_searchable(user: Any) -> QuerySet[Edition]:
    if can_manage(user):
        return Edition.objects.all()
    return editions_published()


def _url(row: Any) -> str:
    if row.status == EditionStatus.PUBLISHED:
        return reverse("bilancio_sociale:edition_detail", args=[row.slug])
    return reverse("bilancio_sociale:staff_detail", args=[row.pk])


def register_search() -> None:
    register(
        SearchProvider(
            kind="bilancio",
            label=_("Edizioni del Bilancio Sociale"),
            order=80,
            queryset=editions_searchable,
            fields=("title", "approval_note"),
            url=_url,
            columns=("slug", "status"),
            ordering=("-period_start",),
            vocabulary=lambda: editions_published().values_list("title", flat=True),
        )
    )
