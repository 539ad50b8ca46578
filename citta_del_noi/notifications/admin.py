from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__email")
    readonly_fields = (
        "recipient",
        "kind",
        "title",
        "body",
        "link",
        "created_at",
        "read_at",
        "emailed_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
