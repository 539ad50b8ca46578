"""Admin for the councils' composition (staff manage members, terms and working groups here)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from citta_del_noi.forms_utils import apply_service_errors

from . import services
from .models import AgendaItem, Consiglio, CouncilMember, Decision, Meeting, WorkingGroup


@admin.register(Consiglio)
class ConsiglioAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "quorum_fraction", "quorum_plus_one"]


class CouncilMemberForm(forms.ModelForm):
    """The one-seat-per-person rule is checked here so the refusal shows next to the term."""

    class Meta:
        model = CouncilMember
        fields = [
            "consiglio",
            "user",
            "category",
            "organization",
            "role",
            "term_start",
            "term_end",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not (data.get("consiglio") and data.get("user")):
            return data
        try:
            services.seat_overlap_check(
                consiglio=data["consiglio"],
                user=data["user"],
                term_start=data["term_start"],
                term_end=data.get("term_end"),
                exclude_pk=self.instance.pk,
            )
        except ValidationError as exc:
            apply_service_errors(self, exc)
        return data


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    form = CouncilMemberForm

    def save_model(self, request: Any, obj: CouncilMember, form: Any, change: bool) -> None:
        services.seat_save(seat=obj, by=request.user)

    list_display = [
        "user",
        "consiglio",
        "role",
        "category",
        "organization",
        "term_start",
        "term_end",
    ]
    list_filter = ["consiglio", "role", "category"]
    search_fields = ["user__email", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "consiglio", "active"]
    list_filter = ["consiglio", "active"]
    filter_horizontal = ["members"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "kind", "title", "confidential"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "consiglio", "starts_at", "status"]
    list_filter = ["consiglio", "status"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "due_date"]
    list_filter = ["status"]
    raw_id_fields = ["agenda_item", "owner_user", "owner_organization"]
