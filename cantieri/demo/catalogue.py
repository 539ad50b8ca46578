"""Demo reporting periods and the indicators of the seven actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from citta_del_noi.accounts.models import User
from citta_del_noi.core.seeding import DemoContext

from ..indicator_choices import default_aggregation, is_rate
from ..models import (
    Azione,
    Indicator,
    IndicatorComputation,
    IndicatorTarget,
    Measurement,
    ReportingPeriod,
    TargetGroup,
)

PERIODS = [
    ("2016-H2", date(2016, 7, 1), date(2016, 12, 31)),
    ("2017-H1", date(2017, 1, 1), date(2017, 6, 30)),
    ("2017-H2", date(2017, 7, 1), date(2017, 12, 31)),
    ("2018-H1", date(2018, 1, 1), date(2018, 6, 30)),
    ("2018-H2", date(2018, 7, 1), date(2018, 12, 31)),
    ("2019-H1", date(2019, 1, 1), date(2019, 6, 30)),
]

# (azione slug, code, name, kind, unit, computation, target group slug, baseline, per-period target)
INDICATORS = [
    (
        "governance",
        "a1-incontri",
        "Incontri di co-progettazione",
        "output",
        "incontri",
        "activities",
        None,
        10,
        25,
    ),
    (
        "governance",
        "a1-organizzazioni",
        "Organizzazioni attive nel programma",
        "output",
        "organizzazioni",
        "organizations",
        None,
        20,
        40,
    ),
    (
        "governance",
        "a1-soddisfazione",
        "Partner soddisfatti della governance",
        "outcome",
        "%",
        "manual",
        None,
        55,
        70,
    ),
    (
        "forza-comunita",
        "c2-partecipanti",
        "Cittadini coinvolti nei Punti Comunità",
        "output",
        "persone",
        "participants",
        None,
        800,
        1500,
    ),
    (
        "forza-comunita",
        "c2-volontari-ore",
        "Ore di volontariato",
        "output",
        "ore",
        "volunteer_hours",
        None,
        2000,
        4000,
    ),
    (
        "forza-comunita",
        "c2-quartieri",
        "Quartieri raggiunti",
        "output",
        "quartieri",
        "quartieri",
        None,
        12,
        25,
    ),
    (
        "prima-infanzia",
        "c3-bambini",
        "Bambini 0–6 e famiglie coinvolti",
        "output",
        "persone",
        "participants",
        "prima-infanzia",
        300,
        600,
    ),
    (
        "prima-infanzia",
        "c3-nuove-famiglie",
        "Nuovi partecipanti",
        "outcome",
        "persone",
        "new_participants",
        None,
        150,
        300,
    ),
    (
        "giovani",
        "c4-ragazzi",
        "Ragazzi 6–14 nei centri di aggregazione",
        "output",
        "persone",
        "participants",
        "minori",
        400,
        800,
    ),
    (
        "giovani",
        "c4-abbandono",
        "Abbandono scolastico nei quartieri coinvolti",
        "outcome",
        "%",
        "manual",
        None,
        14,
        11,
    ),
    (
        "anziani",
        "c5-anziani",
        "Anziani raggiunti",
        "output",
        "persone",
        "participants",
        "anziani",
        600,
        1000,
    ),
    (
        "anziani",
        "c5-ore-personale",
        "Ore di assistenza del personale",
        "output",
        "ore",
        "staff_hours",
        None,
        3000,
        5000,
    ),
    (
        "anziani",
        "c5-isolamento",
        "Anziani soli che si dichiarano meno isolati",
        "outcome",
        "%",
        "manual",
        None,
        30,
        45,
    ),
    (
        "disabilita",
        "c6-persone",
        "Persone con disabilità coinvolte",
        "output",
        "persone",
        "participants",
        "disabilita",
        150,
        300,
    ),
    (
        "disabilita",
        "c6-volontari",
        "Volontari coinvolti",
        "output",
        "persone",
        "volunteers",
        None,
        40,
        80,
    ),
    (
        "poverta",
        "c7-persone",
        "Persone in povertà sostenute",
        "output",
        "persone",
        "participants",
        "poverta",
        500,
        900,
    ),
    (
        "poverta",
        "c7-attivita",
        "Attività di contrasto alla povertà",
        "output",
        "attività",
        "activities",
        None,
        60,
        120,
    ),
    (
        "poverta",
        "c7-uscite",
        "Famiglie uscite dalla povertà assoluta",
        "outcome",
        "famiglie",
        "manual",
        None,
        20,
        40,
    ),
]


def _periods(ctx: DemoContext) -> list[ReportingPeriod]:
    if not ctx.done("cantieri.periods"):
        locker = User.objects.filter(email="admin@cittadelnoi.demo").first()
        with transaction.atomic():
            for index, (name, start, end) in enumerate(PERIODS):
                last = index == len(PERIODS) - 1
                locked_at = None
                if not last:
                    locked_at = timezone.make_aware(
                        datetime.combine(end + timedelta(days=45), datetime.min.time())
                    )
                ReportingPeriod.objects.get_or_create(
                    name=name,
                    defaults={
                        "start": start,
                        "end": end,
                        "closes_on": end + timedelta(days=30),
                        "locked_at": locked_at,
                        "locked_by": locker if locked_at else None,
                    },
                )
            ctx.mark("cantieri.periods")
        ctx.say(f"Periodi di rendicontazione: {len(PERIODS)} (l'ultimo aperto).")
    return list(ReportingPeriod.objects.filter(name__in=[p[0] for p in PERIODS]).order_by("start"))


def _indicators(ctx: DemoContext, periods: list[ReportingPeriod]) -> None:
    if ctx.done("cantieri.indicators"):
        return
    rng = ctx.rng
    azioni = {a.slug: a for a in Azione.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    staff = User.objects.filter(email="staff@cittadelnoi.demo").first()
    with transaction.atomic():
        for order, (slug, code, name, kind, unit, comp, group, baseline, target) in enumerate(
            INDICATORS
        ):
            ind, created = Indicator.objects.get_or_create(
                code=code,
                defaults={
                    "azione": azioni[slug],
                    "name": name,
                    "kind": kind,
                    "unit": unit,
                    "computation": comp,
                    "target_group": groups.get(group) if group else None,
                    "baseline_value": Decimal(baseline),
                    "baseline_year": 2016,
                    "direction": "lower" if code == "c4-abbandono" else "higher",
                    "aggregation": default_aggregation(comp, unit),
                    "order": order,
                    "description": "",
                },
            )
            if not created:
                continue
            for i, period in enumerate(periods):
                step = Decimal(target - baseline) * Decimal(i) / Decimal(max(len(periods) - 1, 1))
                value = Decimal(baseline) + step if comp == "manual" else Decimal(target)
                IndicatorTarget.objects.create(
                    indicator=ind, reporting_period=period, value=value.quantize(Decimal("0.1"))
                )
            if comp == IndicatorComputation.MANUAL:
                for i, period in enumerate(periods):
                    drift = Decimal(target - baseline) * Decimal(rng.uniform(0.3, 1.1))
                    Measurement.objects.create(
                        indicator=ind,
                        reporting_period=period,
                        measured_on=period.end,
                        value=(Decimal(baseline) + drift).quantize(Decimal("0.1")),
                        # Percentages: the survey's respondents (weights of the average).
                        base=120 + 15 * (i % 4) if is_rate(comp, unit) else None,
                        source="Indagine semestrale dell'Agenzia Conoscenza e Innovazione",
                        entered_by=staff,
                    )
        ctx.mark("cantieri.indicators")
    ctx.say(f"Indicatori: {len(INDICATORS)} con valori di partenza e obiettivi.")
