"""Organisations and their members. Memberships go through the services, so the guardian
object permission to record activities follows the role and the membership being active.
Staff may end any membership here (the last referent included: an organisation leaving the
programme); a referent manages the members on the page "Membri dell'organizzazione"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import MembershipAddForm, OrganizationAdminForm
from .models import Membership, Organization
from .services import membership_add, membership_end


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "active", "created_at")
    readonly_fields = ("user", "role", "active", "created_at")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ("name", "legal_form", "codice_fiscale", "is_project_partner", "active")
    list_filter = ("legal_form", "is_project_partner", "active")
    search_fields = ("name", "codice_fiscale")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "active", "created_at")
    list_filter = ("active", "role")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("organization", "user")
    search_fields = ("user__email", "organization__name")
    actions = ["end_memberships"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = MembershipAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("user", "organization", "role")
        return ("user", "organization", "role", "active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ("user", "organization")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Memberships are ended, not deleted: the history of who recorded what stays readable.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change or obj.active:
            saved = membership_add(user=obj.user, organization=obj.organization, role=obj.role)
        else:
            saved = Membership.objects.get(pk=obj.pk)
            membership_end(membership=saved)
        obj.pk = saved.pk
        obj.active = saved.active
        obj._state.adding = False
        obj._state.db = saved._state.db

    @admin.action(description=_("Termina i membri selezionati"))
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        ended = 0
        for membership in queryset.filter(active=True).select_related("user", "organization"):
            membership_end(membership=membership)
            ended += 1
        self.message_user(
            request,
            ngettext("%(n)d membro terminato.", "%(n)d membri terminati.", ended) % {"n": ended},
            messages.SUCCESS,
        )
