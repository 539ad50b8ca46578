"""Django admin for reference data of the actions (day-to-day work happens in the portal)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityCorrection,
    ActivityKind,
    ActivityRecord,
    Azione,
    FundingSource,
    Indicator,
    IndicatorTarget,
    Measurement,
    ReportingPeriod,
    TargetGroup,
)


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "azione",
        "kind",
        "computation",
        "aggregation",
        "direction",
        "baseline_value",
    )
    list_filter = ("azione", "kind", "computation", "aggregation", "direction")
    inlines = [IndicatorTargetInline]


@admin.register(ActivityRecord)
class ActivityRecordAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organization", "azione", "reporting_period", "status")
    list_filter = ("status", "azione", "reporting_period")
    search_fields = ("title",)
    raw_id_fields = ("organization", "punto_comunita", "created_by")
    readonly_fields = ("status", "submitted_at", "approved_at")


admin.site.register(
    [
        Azione,
        TargetGroup,
        ActivityKind,
        FundingSource,
        ReportingPeriod,
        Measurement,
        ActivityCorrection,
    ]
)
