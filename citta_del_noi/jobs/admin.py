from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through the job mechanism."""

    list_display = ("pk", "kind", "status", "progress", "attempts", "created_by", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("kind", "params_hash", "created_by__email")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
