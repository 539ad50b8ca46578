"""The welfare map by year (issue 10): its own target groups and one row per unit and year.

Existing undated units keep their data: their target group (an activity-record group) becomes a
welfare-map target group with the same code and name, and each unit gets one year row, for the
most recent reporting year (the year of the latest reporting period that has started; the
current year when there is none), with its capacity as places.
"""

from __future__ import annotations

from django.db import migrations


def _groups_forward(apps, schema_editor):
    ServiceUnit = apps.get_model("agencies", "ServiceUnit")
    WelfareTargetGroup = apps.get_model("agencies", "WelfareTargetGroup")
    made: dict[int, object] = {}
    for unit in ServiceUnit.objects.select_related("old_group"):
        old = unit.old_group
        if old.pk not in made:
            made[old.pk], _created = WelfareTargetGroup.objects.get_or_create(
                code=old.slug[:60],
                defaults={"label": old.name, "order": old.order, "sensitive": old.sensitive},
            )
        unit.map_group = made[old.pk]
        unit.save(update_fields=["map_group"])


def _groups_backward(apps, schema_editor):
    ServiceUnit = apps.get_model("agencies", "ServiceUnit")
    TargetGroup = apps.get_model("cantieri", "TargetGroup")
    for unit in ServiceUnit.objects.select_related("map_group"):
        group, _created = TargetGroup.objects.get_or_create(
            slug=unit.map_group.code[:50],
            defaults={"name": unit.map_group.label[:100], "sensitive": unit.map_group.sensitive},
        )
        unit.old_group = group
        unit.save(update_fields=["old_group"])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0004_service_unit_years")]

    operations = [migrations.RunPython(_groups_forward, _groups_backward)]
