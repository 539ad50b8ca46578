"""Demo data of the yearly welfare map, at the sizes of the city's published reports."""

from __future__ import annotations

import random
from decimal import Decimal

from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from .. import models as m
from ..services import unit_year_provider_key

WELFARE_KEY = "agencies.welfare-map-years.v1"
# The welfare map is kept per year for the years of the demo's Bilancio editions (2016–2018)
# and the two before, at the sizes of the city's published reports: about 760 units run by
# about 320 providers, worth about €170M a year, 41% paid by families, 6% run by the Comune.
WELFARE_YEARS = [2014, 2015, 2016, 2017, 2018]
WELFARE_UNITS = 740
# (target group code, weight, typical users per unit, typical cost per unit in euro)
WELFARE_MIX = [
    ("prima-infanzia", 9, 60, 260_000),
    ("minori", 12, 45, 150_000),
    ("minori-tutela", 5, 8, 320_000),
    ("giovani", 6, 80, 60_000),
    ("anziani", 17, 70, 310_000),
    ("disabilita", 12, 25, 340_000),
    ("trasversali-anziani-disabili", 4, 40, 200_000),
    ("poverta", 8, 90, 120_000),
    ("salute-mentale", 5, 20, 280_000),
    ("dipendenze", 3, 30, 220_000),
    ("stranieri", 4, 60, 110_000),
    ("abitare", 5, 30, 140_000),
    ("lavoro", 5, 50, 90_000),
    ("multiutenza", 5, 200, 80_000),
]
# Share of a unit's spending by who pays (Comune, families, Regione/ATS, foundations, others).
WELFARE_SPLIT = (0.22, 0.41, 0.29, 0.03, 0.05)


def _welfare_map_years() -> int:
    """Units of the welfare map with one row per year they were active (deterministic)."""
    rng = random.Random(10)
    groups = {g.code: g for g in m.WelfareTargetGroup.objects.all()}
    mix = [row for row in WELFARE_MIX if row[0] in groups]
    if not mix:
        return 0
    orgs = list(Organization.objects.filter(active=True).order_by("pk"))
    comune = next((o for o in orgs if o.name == "Comune di Brescia"), None)
    partners = [o for o in orgs if o is not comune]
    forms = [
        ("cooperativa_sociale", 40),
        ("associazione", 30),
        ("fondazione", 10),
        ("ente_ecclesiastico", 12),
        ("ente_privato", 8),
    ]
    external = [
        (f"Ente gestore {i:03d}", rng.choices([f for f, _w in forms], [w for _f, w in forms])[0])
        for i in range(1, 151)
    ]
    quartieri = list(Quartiere.objects.order_by("name"))
    units = {u.code: u for u in m.ServiceUnit.objects.all()}
    weights = [row[1] for row in mix]
    plan = []
    for i in range(WELFARE_UNITS):
        code, _w, users, cost = rng.choices(mix, weights)[0]
        first = WELFARE_YEARS[0] if i < 690 else rng.choice(WELFARE_YEARS[1:])
        last = WELFARE_YEARS[-1] if rng.random() > 0.06 else rng.choice(WELFARE_YEARS[1:])
        if last < first:
            first, last = last, first
        by_comune = rng.random() < 0.066
        if by_comune:
            provider, name, form = comune, "" if comune else "Comune di Brescia", "ente_pubblico"
        elif partners and rng.random() < 0.3:
            provider = partners[i % len(partners)]
            name, form = "", provider.legal_form
        else:
            provider = None
            name, form = external[rng.randrange(len(external))]
        plan.append(
            (
                f"wm-{i + 1:04d}",
                groups[code],
                users,
                cost,
                first,
                last,
                by_comune,
                provider,
                name,
                form,
            )
        )
    # The units of the first demo (no year yet): active in every year of the map.
    dated = set(m.ServiceUnitYear.objects.values_list("unit__code", flat=True).distinct())
    for unit in m.ServiceUnit.objects.select_related("provider", "target_group").order_by("code"):
        if unit.code in dated or unit.code.startswith("wm-"):
            continue
        plan.append(
            (
                unit.code,
                unit.target_group,
                unit.capacity or 20,
                150_000,
                WELFARE_YEARS[0],
                WELFARE_YEARS[-1],
                False,
                unit.provider,
                unit.provider_name,
                unit.provider.legal_form if unit.provider else "altro",
            )
        )
    new_units: list[m.ServiceUnit] = []
    for code, group, _users, _cost, _first, _last, _c, provider, name, _form in plan:
        if code not in units:
            q = (
                quartieri[len(new_units) % len(quartieri)]
                if quartieri and rng.random() < 0.8
                else None
            )
            unit = m.ServiceUnit(
                code=code,
                name=f"{group.label}: servizio {code[3:]}",
                provider=provider,
                provider_name=name,
                target_group=group,
                quartiere=q,
            )
            new_units.append(unit)
            units[code] = unit
    m.ServiceUnit.objects.bulk_create(new_units, batch_size=500)
    existing = set(m.ServiceUnitYear.objects.values_list("unit__code", "year"))
    years: list[m.ServiceUnitYear] = []
    for code, group, users, cost, first, last, by_comune, provider, name, form in plan:
        for year in WELFARE_YEARS:
            if not first <= year <= last or (code, year) in existing:
                continue
            growth = 1.08 + 0.01 * (year - WELFARE_YEARS[0])
            total = Decimal(round(cost * rng.uniform(0.4, 1.6) * growth))
            split = [
                Decimal(round(float(total) * share * rng.uniform(0.8, 1.2)))
                for share in WELFARE_SPLIT
            ]
            years.append(
                m.ServiceUnitYear(
                    unit=units[code],
                    year=year,
                    target_group=group,
                    provider=provider,
                    provider_name=name,
                    provider_legal_form=form,
                    provider_key=unit_year_provider_key(provider=provider, provider_name=name),
                    run_by_comune=by_comune,
                    users=max(1, round(users * rng.uniform(0.1, 1.8)))
                    if rng.random() < 0.75
                    else None,
                    places=round(users * rng.uniform(0.5, 1.0)) if rng.random() < 0.5 else None,
                    spend_comune=split[0],
                    spend_families=split[1],
                    spend_regione=split[2],
                    spend_foundations=split[3],
                    spend_other=split[4],
                )
            )
    m.ServiceUnitYear.objects.bulk_create(years, batch_size=1000)
    return len(years)
