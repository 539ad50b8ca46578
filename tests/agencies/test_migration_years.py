"""The migration to the welfare map by year keeps the existing, undated units: each keeps its
target group (as a welfare-map group with the same code and name) and gets one year row, the
most recent reporting year, with its capacity as places."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("agencies", "0003_alter_grant_options_and_more")]
AFTER = [("agencies", "0006_service_unit_years_finish")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_undated_units_become_the_latest_reporting_year() -> None:
    old = _migrate(BEFORE)
    try:
        TargetGroup = old.get_model("cantieri", "TargetGroup")
        Organization = old.get_model("organizations", "Organization")
        ReportingPeriod = old.get_model("cantieri", "ReportingPeriod")
        ServiceUnit = old.get_model("agencies", "ServiceUnit")
        group = TargetGroup.objects.create(slug="minori-x", name="Minori X", sensitive=True)
        org = Organization.objects.create(
            name="Cooperativa Gamma", slug="coop-gamma", legal_form="cooperativa_sociale"
        )
        for year in (2023, 2024):
            ReportingPeriod.objects.create(
                name=f"Anno {year}",
                start=date(year, 1, 1),
                end=date(year, 12, 31),
                closes_on=date(year + 1, 1, 31),
            )
        ServiceUnit.objects.create(
            code="cd-1", name="Centro diurno", provider=org, target_group=group, capacity=40
        )
        ServiceUnit.objects.create(
            code="cag-1", name="Centro giovani", provider_name="Parrocchia", target_group=group
        )
        new = _migrate(AFTER)
        Unit = new.get_model("agencies", "ServiceUnit")
        Year = new.get_model("agencies", "ServiceUnitYear")
        unit = Unit.objects.select_related("target_group").get(code="cd-1")
        assert unit.target_group.code == "minori-x" and unit.target_group.label == "Minori X"
        assert unit.target_group.sensitive
        rows = {y.unit.code: y for y in Year.objects.select_related("unit")}
        assert set(rows) == {"cd-1", "cag-1"}
        assert rows["cd-1"].year == 2024 and rows["cd-1"].places == 40
        assert rows["cd-1"].provider_id == org.pk
        assert rows["cd-1"].provider_legal_form == "cooperativa_sociale"
        assert rows["cd-1"].target_group_id == unit.target_group_id
        assert rows["cag-1"].provider_name == "Parrocchia"
        assert rows["cag-1"].provider_key == "nome:parrocchia"
        assert rows["cag-1"].provider_legal_form == "altro"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
