"""Reference data of the territory, editable by Comune staff."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    PopolazioneQuartiere,
    PuntoComunita,
    Quartiere,
    ServizioSocialeTerritoriale,
    Zona,
)


class QuartiereInline(admin.TabularInline):
    model = Quartiere
    fk_name = "zona"
    fields = ("name", "istat_code", "sst")
    readonly_fields = ("name", "istat_code", "sst")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Zona)
class ZonaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    readonly_fields = ("slug",)
    inlines = [QuartiereInline]


@admin.register(ServizioSocialeTerritoriale)
class ServizioSocialeTerritorialeAdmin(admin.ModelAdmin):
    list_display = ("name", "zona", "address", "valid_from")
    list_select_related = ("zona",)


class PopolazioneFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        years: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if year in years:
                raise ValidationError(
                    _("L'anno %(year)s compare più di una volta: indica ogni anno una sola volta.")
                    % {"year": year}
                )
            years.add(year)
        super().clean()


class PopolazioneInline(admin.TabularInline):
    model = PopolazioneQuartiere
    formset = PopolazioneFormSet
    fields = ("year", "residents", "foreign_residents", "source")
    extra = 1
    ordering = ("-year",)


@admin.register(Quartiere)
class QuartiereAdmin(admin.ModelAdmin):
    list_display = ("name", "istat_code", "zona", "sst", "has_boundary")
    list_filter = ("zona", "sst")
    list_select_related = ("zona", "sst")
    search_fields = ("name", "istat_code")
    readonly_fields = ("slug",)
    fields = ("name", "slug", "istat_code", "zona", "sst", "boundary_geojson")
    inlines = [PopolazioneInline]

    @admin.display(boolean=True, description=_("confine"))
    def has_boundary(self, obj: Quartiere) -> bool:
        return obj.boundary_geojson is not None


@admin.register(PuntoComunita)
class PuntoComunitaAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "quartiere",
        "lead_organization",
        "weekly_hours",
        "opened_on",
        "closed_on",
    )
    list_filter = ("quartiere__zona",)
    list_select_related = ("quartiere", "lead_organization")
    search_fields = ("name", "quartiere__name", "lead_organization__name")
    autocomplete_fields = ("lead_organization", "network", "quartiere")
    prepopulated_fields = {"slug": ("name",)}
