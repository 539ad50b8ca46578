"""The welfare map by year (issue 10): its own target groups and one row per unit and year.

Existing undated units keep their data: their target group (an activity-record group) becomes a
welfare-map target group with the same code and name, and each unit gets one year row, for the
most recent reporting year (the year of the latest reporting period that has started; the
current year when there is none), with its capacity as places.
"""

from __future__ import annotations

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_alter_grant_options_and_more"),
        ("cantieri", "0006_watermark_indexes"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="WelfareTargetGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="Codice stabile usato nelle importazioni e nei dati aperti.",
                        max_length=60,
                        unique=True,
                        verbose_name="codice",
                    ),
                ),
                ("label", models.CharField(max_length=150, verbose_name="nome")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="ordine")),
                (
                    "aliases",
                    models.TextField(
                        blank=True,
                        help_text=(
                            "Nomi accettati nella colonna «destinatari» dell'importazione, uno "
                            "per riga (maiuscole, accenti e trattini non contano)."
                        ),
                        verbose_name="altri nomi accettati",
                    ),
                ),
                (
                    "sensitive",
                    models.BooleanField(
                        default=False,
                        help_text=(
                            "Dati su salute o disabilità: soglia di riservatezza più alta per "
                            "gli utenti."
                        ),
                        verbose_name="categoria particolare",
                    ),
                ),
            ],
            options={
                "verbose_name": "destinatari della mappa del welfare",
                "verbose_name_plural": "destinatari della mappa del welfare",
                "ordering": ["order", "label"],
            },
        ),
        # Target group: from cantieri.TargetGroup to the welfare map's own groups.
        migrations.AddField(
            model_name="serviceunit",
            name="map_group",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.welfaretargetgroup",
            ),
        ),
        migrations.RenameField(
            model_name="serviceunit", old_name="target_group", new_name="old_group"
        ),
        migrations.AlterField(
            model_name="serviceunit",
            name="old_group",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cantieri.targetgroup",
            ),
        ),
    ]
