from django.contrib import admin

from .models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "codice_fiscale", "is_project_partner", "active")
    list_filter = ("legal_form", "is_project_partner", "active")
    search_fields = ("name", "codice_fiscale")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "active")
    list_filter = ("active",)
    autocomplete_fields = ("organization",)
    search_fields = ("user__email", "organization__name")
