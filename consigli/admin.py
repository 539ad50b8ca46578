"""Admin for the councils' composition (staff manage members, terms and working groups here)."""

from __future__ import annotations

from django.contrib import admin

from .models import AgendaItem, Consiglio, CouncilMember, Decision, Meeting, WorkingGroup


@admin.register(Consiglio)
class ConsiglioAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "quorum_fraction", "quorum_plus_one"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
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
