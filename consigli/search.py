"""What the portal search finds in the councils: meetings and decisions, as the viewer may see
them (reserved agenda items and unapproved minutes stay with the council)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts import roles
from citta_del_noi.search.registry import SearchProvider, register

from .models import Decision, Meeting
from .selectors import can_use_councils, council_roles, decisions_visible_to, meetings_visible_to


def meetings_searchable(user: Any) -> QuerySet[Meeting]:
    """`meetings_visible_to`, each marked `search_member`: whether the viewer may open the
    meeting's own page (staff, or a seat on its council: `can_view_council`)."""
    qs = meetings_visible_to(user)
    mine = list(council_roles(user))
    if roles.is_comune_staff(user) or not mine:
        # a constant (an empty IN inside the search's JSON column would void the column)
        member = Value(roles.is_comune_staff(user), output_field=BooleanField())
        return qs.annotate(search_member=member)
    return qs.annotate(
        search_member=ExpressionWrapper(Q(consiglio_id__in=mine), output_field=BooleanField())
    )


def decisions_searchable(user: Any) -> QuerySet[Decision]:
    """`decisions_visible_to`, marked `search_member` when the viewer may open the decisions'
    own pages (the councils' area: `can_use_councils`)."""
    member = Value(can_use_councils(user), output_field=BooleanField())
    return decisions_visible_to(user).annotate(search_member=member)


def _decision_url(row: Any) -> str:
    if row.search_member:
        return reverse("consigli:decision_detail", args=[row.pk])
    slug = row.agenda_item__meeting__consiglio__slug
    return f"{reverse('consigli:public_detail', args=[slug])}#decisione-{row.pk}"


def _meeting_url(row: Any) -> str:
    if row.search_member:
        return reverse("consigli:meeting_detail", args=[row.pk])
    # everyone else: the council's public page, at the meeting's row (id="riunione-<pk>")
    return f"{reverse('consigli:public_detail', args=[row.consiglio__slug])}#riunione-{row.pk}"


def _meeting_title(row: Any) -> str:
    starts = row.starts_at
    if isinstance(starts, str):  # PostgreSQL: the value arrives as JSON (ISO 8601)
        starts = datetime.fromisoformat(starts)
    if timezone.is_aware(starts):
        starts = timezone.localtime(starts)
    return f"{row.title} ({starts:%d/%m/%Y})"


def register_search() -> None:
    register(
        SearchProvider(
            kind="riunioni",
            label=_("Riunioni dei consigli"),
            order=70,
            queryset=meetings_searchable,
            fields=("title", "location"),
            url=_meeting_url,
            columns=("starts_at", "consiglio__slug", "search_member"),
            title=_meeting_title,
            ordering=("-starts_at", "-pk"),
        )
    )
    register(
        SearchProvider(
            kind="decisioni",
            label=_("Decisioni dei consigli"),
            order=71,
            queryset=decisions_searchable,
            fields=("text",),
            url=_decision_url,
            columns=(
                "agenda_item__title",
                "agenda_item__meeting__consiglio__slug",
                "search_member",
            ),
            title=lambda row: row.agenda_item__title,
        )
    )
