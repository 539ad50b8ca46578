"""Staff edit the accessibility statement in the admin (issue 16)."""

from __future__ import annotations

from django.contrib import admin

from .accessibility_models import AccessibilityStatement, NonAccessibleContent


class NonAccessibleContentInline(admin.TabularInline):
    model = NonAccessibleContent
    extra = 1


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "reviewed_on", "updated_at")
    inlines = [NonAccessibleContentInline]
