"""The agencies' Bilancio Sociale sections, dashboard blocks and demo data."""

from __future__ import annotations

import io
import random
from datetime import date
from decimal import Decimal

import pytest

from agencies import models as m
from bilancio_sociale.registry import Period, Section
from bilancio_sociale.registry import get_section as _get_section
from tests.agencies import helpers as h

pytestmark = pytest.mark.django_db


def get_section(key: str) -> Section:
    section = _get_section(key)
    assert section is not None, key
    return section


PERIOD = Period(date(2024, 1, 1), date(2024, 12, 31))


def test_sections_and_blocks_registered() -> None:
    assert get_section("persone").order == 40
    assert get_section("risorse").order == 60
    assert get_section("bisogni").order == 70
    governance = get_section("governance")
    assert governance.order == 30
    assert "agenzie-portatori" in {b.key for b in governance.blocks}


def test_providers_return_block_data(world) -> None:
    m.SourceAllocation.objects.create(source=h.source("cariplo"), year=2024, amount=Decimal("100"))
    m.SourceAllocation.objects.create(source=h.source("comune"), year=2024, amount=Decimal("250"))
    h.activity(world.org_a, quartieri=[world.quartiere], volunteers=2, hours="8")
    for key in ("persone", "risorse", "bisogni", "governance"):
        for block in get_section(key).blocks:
            if not block.key.startswith(
                ("agenzie", "persone", "personale", "fonti", "leva", "spesa", "bisogni")
            ):
                continue
            data = block.provider(PERIOD)
            assert data["kind"] in {"table", "figures", "empty", "chart", "text"}, block.key
    leva = {
        f["key"]: f["value"] for f in get_section("risorse").blocks[1].provider(PERIOD)["figures"]
    }
    assert leva["leva"] == 2.5
    assert leva["pubbliche"] == 250.0 and leva["private"] == 100.0
    people = get_section("persone").blocks[0].provider(PERIOD)
    assert {f["key"]: f["type"] for f in people["figures"]}["volontari"] == "people"


def test_dashboard_blocks(world) -> None:
    from consigli.dashboard import DashboardFilters, blocks

    keys = {b.key for b in blocks()}
    assert {"agenzie-budget", "agenzie-bisogni", "agenzie-formazione"} <= keys
    h.need(quartieri=[world.quartiere])
    from agencies.blocks import dashboard_needs

    table = dashboard_needs(DashboardFilters())
    assert table is not None
    assert table["rows"][0]["bisogni"] >= 1


def test_demo_seed_is_idempotent(world) -> None:
    from agencies.demo import seed
    from citta_del_noi.core.seeding import DemoContext

    ctx = DemoContext(rng=random.Random(1), stdout=io.StringIO())
    seed(ctx)
    counts = {
        model.__name__: model.objects.count()
        for model in (
            m.Need,
            m.ServiceUnit,
            m.Call,
            m.Application,
            m.Grant,
            m.BudgetLine,
            m.Event,
            m.StaffEntry,
            m.TrainingCourse,
            m.Stakeholder,
        )
    }
    assert all(counts.values()), counts
    assert set(m.Need.objects.values_list("status", flat=True)) >= {"parziale", "senza_risposta"}
    assert m.Call.objects.filter(status=m.CallStatus.PUBLISHED).exists()
    assert m.Grant.objects.exists()
    seed(ctx)
    assert counts == {
        model.__name__: model.objects.count()
        for model in (
            m.Need,
            m.ServiceUnit,
            m.Call,
            m.Application,
            m.Grant,
            m.BudgetLine,
            m.Event,
            m.StaffEntry,
            m.TrainingCourse,
            m.Stakeholder,
        )
    }


@pytest.mark.django_db
def test_staff_blocks_sum_people_by_role_and_contract(world) -> None:
    """The Bilancio's staff tables sum the people recorded per role and per contract type."""
    from agencies import blocks

    rp = h.period()
    profile = {
        "organization": world.org_a,
        "reporting_period": rp,
        "sex": m.Sex.choices[0][0],
        "age_band": m.StaffAgeBand.choices[0][0],
    }
    m.StaffEntry.objects.create(
        role=m.StaffRole.EDUCATOR, contract_type=m.ContractType.PERMANENT, people=4, **profile
    )
    m.StaffEntry.objects.create(
        role=m.StaffRole.EDUCATOR, contract_type=m.ContractType.FIXED, people=3, **profile
    )
    m.StaffEntry.objects.create(
        role=m.StaffRole.ADMIN, contract_type=m.ContractType.PERMANENT, people=2, **profile
    )
    p = Period(rp.start, rp.end)
    by_role = {r["ruolo"]: r["persone"] for r in blocks.bs_staff_by_role(p)["rows"]}
    assert by_role == {str(m.StaffRole.EDUCATOR.label): 7, str(m.StaffRole.ADMIN.label): 2}
    by_contract = {r["contratto"]: r["persone"] for r in blocks.bs_staff_by_contract(p)["rows"]}
    assert by_contract[str(m.ContractType.PERMANENT.label)] == 6
