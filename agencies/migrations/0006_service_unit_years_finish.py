"""The welfare map by year (issue 10): its own target groups and one row per unit and year.

Existing undated units keep their data: their target group (an activity-record group) becomes a
welfare-map target group with the same code and name, and each unit gets one year row, for the
most recent reporting year (the year of the latest reporting period that has started; the
current year when there is none), with its capacity as places.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def _label_key(value):
    # The same key as agencies.services.welfare_label_key (a migration keeps its own copy).
    text = unicodedata.normalize("NFKD", str(value or "")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _years_forward(apps, schema_editor):
    ServiceUnit = apps.get_model("agencies", "ServiceUnit")
    ServiceUnitYear = apps.get_model("agencies", "ServiceUnitYear")
    ReportingPeriod = apps.get_model("cantieri", "ReportingPeriod")
    today = date.today()
    latest = ReportingPeriod.objects.filter(start__lte=today).order_by("-end").first()
    year = latest.end.year if latest else today.year
    rows = []
    for unit in ServiceUnit.objects.select_related("provider"):
        if unit.provider_id:
            key = f"org:{unit.provider_id}"
            form = unit.provider.legal_form
        else:
            key = f"nome:{_label_key(unit.provider_name)}"[:220]
            form = "altro"
        rows.append(
            ServiceUnitYear(
                unit=unit,
                year=year,
                target_group_id=unit.target_group_id,
                provider_id=unit.provider_id,
                provider_name=unit.provider_name,
                provider_legal_form=form,
                provider_key=key,
                places=unit.capacity,
            )
        )
    ServiceUnitYear.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0005_service_unit_years_data")]

    operations = [
        migrations.RemoveField(model_name="serviceunit", name="old_group"),
        migrations.RenameField(
            model_name="serviceunit", old_name="map_group", new_name="target_group"
        ),
        migrations.AlterField(
            model_name="serviceunit",
            name="target_group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="agencies.welfaretargetgroup",
                verbose_name="destinatari",
            ),
        ),
        migrations.AlterField(
            model_name="serviceunit",
            name="code",
            field=models.SlugField(
                help_text=(
                    "Codice stabile: reimportando lo stesso codice per un nuovo anno si aggiunge "
                    "l'anno; per lo stesso anno la scheda viene aggiornata."
                ),
                max_length=60,
                unique=True,
                verbose_name="codice",
            ),
        ),
        migrations.CreateModel(
            name="ServiceUnitYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="anno",
                    ),
                ),
                (
                    "provider_name",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="ente gestore (se non partner)"
                    ),
                ),
                (
                    "provider_legal_form",
                    models.CharField(
                        choices=[
                            ("associazione", "Associazione"),
                            ("cooperativa_sociale", "Cooperativa sociale"),
                            ("ente_ecclesiastico", "Ente ecclesiastico"),
                            ("ente_privato", "Ente privato"),
                            ("fondazione", "Fondazione"),
                            ("universita", "Università o ente di ricerca"),
                            ("ente_pubblico", "Ente pubblico"),
                            ("sindacato", "Organizzazione sindacale"),
                            ("altro", "Altro"),
                        ],
                        max_length=32,
                        verbose_name="forma giuridica dell'ente gestore",
                    ),
                ),
                ("provider_key", models.CharField(editable=False, max_length=220)),
                (
                    "run_by_comune",
                    models.BooleanField(default=False, verbose_name="gestione diretta del Comune"),
                ),
                (
                    "users",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="utenti"),
                ),
                (
                    "places",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="posti"),
                ),
                (
                    "spend_comune",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="spesa a carico del Comune (€)",
                    ),
                ),
                (
                    "spend_families",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="spesa a carico delle famiglie (€)",
                    ),
                ),
                (
                    "spend_regione",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="spesa a carico di Regione / ATS (€)",
                    ),
                ),
                (
                    "spend_foundations",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="spesa a carico di fondazioni (€)",
                    ),
                ),
                (
                    "spend_other",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="spesa a carico di altri (€)",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="ente gestore",
                    ),
                ),
                (
                    "target_group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="unit_years",
                        to="agencies.welfaretargetgroup",
                        verbose_name="destinatari",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="years",
                        to="agencies.serviceunit",
                        verbose_name="unità",
                    ),
                ),
            ],
            options={
                "verbose_name": "anno di un'unità di offerta",
                "verbose_name_plural": "anni delle unità di offerta",
                "ordering": ["unit__code", "-year"],
                "indexes": [
                    models.Index(fields=["year", "target_group"], name="agencies_unityear_year")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "year"), name="agencies_unityear_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(_years_forward, migrations.RunPython.noop),
    ]
