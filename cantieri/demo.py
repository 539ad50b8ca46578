"""Demo data of activity records: reporting periods, indicators, records.

- Periods: the six semesters 2016-H2 … 2019-H1; all but the last are locked (the last stays
  open so that the demo partners can enter, submit and correct records).
- Indicators of every action with baseline, targets per period and, for the measured ones,
  measurements.
- A few records of the demo partners (referente@auser.demo, referente@colibri.demo) made
  through the services, in every state, with their history.
- Bulk records up to `ctx.activities` in total (default: ~2,500 a year), deterministic from
  ctx.rng, figures consistent with the validation rules, mostly approved. Created with
  bulk_create in batches, M2M/through rows in bulk and no history rows for the bulk part.
Idempotent: each part is marked in ctx and skipped on a second run; the bulk part tops up the
total to the requested number and never deletes.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from citta_del_noi.accounts.models import User
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere

from . import services
from .demo_territory import seed_territory
from .indicator_choices import default_aggregation, is_rate
from .models import (
    ActivityFunding,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    Azione,
    FundingSource,
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
DEFAULT_PER_YEAR = 2500
BATCH = 5000

# Age profile per action: (age field, weight).
AGE_PROFILE = {
    "governance": [("age_30_64", 6), ("age_18_29", 2), ("age_65_79", 2)],
    "forza-comunita": [("age_30_64", 4), ("age_65_79", 3), ("age_18_29", 2), ("age_80_plus", 1)],
    "prima-infanzia": [("age_0_5", 5), ("age_30_64", 4), ("age_18_29", 1)],
    "giovani": [("age_6_13", 4), ("age_14_17", 4), ("age_18_29", 2)],
    "anziani": [("age_65_79", 5), ("age_80_plus", 4), ("age_30_64", 1)],
    "disabilita": [("age_14_17", 2), ("age_18_29", 4), ("age_30_64", 4)],
    "poverta": [("age_30_64", 5), ("age_18_29", 2), ("age_6_13", 2), ("age_65_79", 1)],
}
TITLES = {
    "governance": ["Tavolo di zona", "Incontro di co-progettazione", "Formazione operatori"],
    "forza-comunita": ["Sportello del Punto Comunità", "Festa di quartiere", "Mappatura risorse"],
    "prima-infanzia": ["Spazio gioco 0–3", "Gruppo genitori", "Letture per piccoli"],
    "giovani": ["Centro di aggregazione", "Compiti insieme", "Laboratorio musicale"],
    "anziani": ["Centro Aperto", "Compagnia a domicilio", "Ginnastica dolce"],
    "disabilita": ["Laboratorio di autonomia", "Weekend di sollievo", "Tempo libero insieme"],
    "poverta": ["Emporio solidale", "Sportello lavoro", "Distribuzione alimentare"],
}

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


class Generator:
    """Deterministic records with figures that pass the validation rules."""

    def __init__(self, rng: random.Random, periods: list[ReportingPeriod]) -> None:
        self.rng = rng
        self.periods = periods
        self.azioni = list(Azione.objects.prefetch_related("target_groups").order_by("number"))
        self.azione_groups = {a.pk: [g.pk for g in a.target_groups.all()] for a in self.azioni}
        self.kinds = list(ActivityKind.objects.values_list("pk", flat=True))
        self.quartieri = list(Quartiere.objects.values_list("pk", flat=True))
        self.punti = list(PuntoComunita.objects.values_list("pk", "quartiere_id"))
        orgs = list(
            Organization.objects.filter(active=True).order_by("pk").values_list("pk", flat=True)
        )
        self.orgs = orgs[: max(60, len(orgs) * 2 // 5)] or orgs
        self.sources = list(FundingSource.objects.order_by("order").values_list("pk", flat=True))

    def figures(self, azione: Azione) -> dict[str, Any]:
        rng = self.rng
        total = rng.choice([rng.randint(3, 25), rng.randint(10, 60), rng.randint(20, 150)])
        new = rng.randint(0, total)
        female = int(total * rng.uniform(0.35, 0.7))
        male = rng.randint(max(0, total - female - total // 10), total - female)
        ages = dict.fromkeys(ActivityRecord.AGE_FIELDS, 0)
        profile = AGE_PROFILE.get(azione.slug, [("age_30_64", 1)])
        remaining = total
        for name, weight in profile:
            share = min(remaining, int(total * weight / 10 * rng.uniform(0.8, 1.1)))
            ages[name] += share
            remaining -= share
        ages["age_unknown"] += remaining
        volunteers = rng.choice([0, rng.randint(1, 5), rng.randint(2, 15)])
        vol_hours = Decimal(volunteers * rng.randint(2, 30)) if volunteers else Decimal(0)
        return {
            "participants_total": total,
            "participants_new": new,
            "participants_returning": total - new,
            "participants_female": female,
            "participants_male": male,
            "participants_sex_unknown": total - female - male,
            **ages,
            "volunteers": volunteers,
            "volunteer_hours": vol_hours,
            "staff_hours": Decimal(rng.randint(0, 80)),
            "in_kind_value": Decimal(rng.choice([0, 0, 0, rng.randint(50, 2000)])),
        }

    def record(
        self, period: ReportingPeriod, status: str, org_id: int | None = None
    ) -> tuple[dict[str, Any], list[int], dict[int, int], dict[int, Decimal]]:
        rng = self.rng
        azione = rng.choice(self.azioni)
        days = (period.end - period.start).days
        start = period.start + timedelta(days=rng.randint(0, days))
        end = min(period.end, start + timedelta(days=rng.choice([0, 0, 7, 30, 90])))
        city_wide = rng.random() < 0.08
        quartieri: list[int] = []
        punto = None
        if not city_wide:
            if self.punti and rng.random() < 0.15:
                punto, q = rng.choice(self.punti)
                quartieri = [q]
            else:
                quartieri = rng.sample(self.quartieri, rng.choice([1, 1, 1, 2, 3]))
        fig = self.figures(azione)
        stamp = timezone.make_aware(datetime.combine(period.end, datetime.min.time()))
        record: dict[str, Any] = {
            "organization_id": org_id or rng.choice(self.orgs),
            "azione_id": azione.pk,
            "kind_id": rng.choice(self.kinds),
            "reporting_period_id": period.pk,
            "title": f"{rng.choice(TITLES.get(azione.slug, ['Attività']))} {start:%m/%Y}",
            "period_start": start,
            "period_end": end,
            "city_wide": city_wide,
            "punto_comunita_id": punto,
            "status": status,
            "submitted_at": stamp if status != ActivityStatus.DRAFT else None,
            "approved_at": stamp + timedelta(days=10)
            if status == ActivityStatus.APPROVED
            else None,
            "review_comment": (
                "Mancano le ore di volontariato: completale per favore."
                if status == ActivityStatus.RETURNED
                else ""
            ),
            **fig,
        }
        targets: dict[int, int] = {}
        groups = self.azione_groups.get(azione.pk) or []
        if groups and fig["participants_total"]:
            main = groups[0]
            targets[main] = rng.randint(fig["participants_total"] // 2, fig["participants_total"])
            if len(groups) > 1 and rng.random() < 0.4:
                targets[groups[1]] = rng.randint(0, fig["participants_total"] // 2)
        fundings: dict[int, Decimal] = {}
        for source in rng.sample(self.sources, rng.choice([1, 1, 2])) if self.sources else []:
            fundings[source] = Decimal(rng.randint(100, 5000))
        return record, quartieri, {k: v for k, v in targets.items() if v}, fundings

    def status_for(self, period: ReportingPeriod) -> str:
        r = self.rng.random()
        if period.is_locked:
            return ActivityStatus.APPROVED
        if r < 0.6:
            return ActivityStatus.APPROVED
        if r < 0.8:
            return ActivityStatus.SUBMITTED
        if r < 0.87:
            return ActivityStatus.RETURNED
        return ActivityStatus.DRAFT


def bulk_insert(gen: Generator, count: int, *, with_history: bool = False, say: Any = None) -> int:
    """Insert `count` records in batches: records, then quartieri/target/funding rows in bulk.

    On PostgreSQL without history (the benchmark path) rows go through COPY with ids reserved
    from the sequence; elsewhere through bulk_create."""
    use_copy = connection.vendor == "postgresql" and not with_history
    made = 0
    weights = [1] * len(gen.periods)
    started = time.monotonic()
    while made < count:
        size = min(BATCH, count - made)
        batch = []
        for _i in range(size):
            period = gen.rng.choices(gen.periods, weights)[0]
            batch.append(gen.record(period, gen.status_for(period)))
        with transaction.atomic():
            if use_copy:
                _copy_batch(batch)
            else:
                _orm_batch(batch, with_history)
        made += size
        if say and (made % 100_000 == 0 or made == count) and count >= 100_000:
            say(f"  … {made} attività ({time.monotonic() - started:.0f} s)")
    return made


def _orm_batch(batch: list, with_history: bool) -> None:
    through = ActivityRecord.quartieri.through
    records = ActivityRecord.objects.bulk_create(
        [ActivityRecord(**b[0]) for b in batch], batch_size=1000
    )
    q_rows, t_rows, f_rows = [], [], []  # type: ignore[var-annotated]
    for record, (_r, quartieri, targets, fundings) in zip(records, batch, strict=True):
        q_rows.extend(through(activityrecord_id=record.pk, quartiere_id=q) for q in quartieri)
        t_rows.extend(
            ActivityTargetCount(activity_id=record.pk, target_group_id=g, participants=n)
            for g, n in targets.items()
        )
        f_rows.extend(
            ActivityFunding(activity_id=record.pk, source_id=s, amount=a)
            for s, a in fundings.items()
        )
    through.objects.bulk_create(q_rows, batch_size=2000)
    ActivityTargetCount.objects.bulk_create(t_rows, batch_size=2000)
    ActivityFunding.objects.bulk_create(f_rows, batch_size=2000)
    if with_history:
        ActivityRecord.history.bulk_history_create(records, batch_size=1000)


def _reserve_ids(table: str, n: int) -> int:
    """Reserve n consecutive ids from the table's sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        seq = cursor.fetchone()[0]
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [seq])
        cursor.execute("SELECT nextval(%s)", [seq])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
    return int(first)


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{table}" ({cols}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_batch(batch: list) -> None:
    """COPY a batch of records and their related rows (PostgreSQL, no model instances)."""
    fields = list(ActivityRecord._meta.concrete_fields)
    now = timezone.now()
    defaults: dict[str, Any] = {
        "description": "",
        "in_kind_description": "",
        "spaces": "",
        "import_key": "",
        "created_by_id": None,
        "created_at": now,
        "updated_at": now,
    }
    first = _reserve_ids(ActivityRecord._meta.db_table, len(batch))
    rows, q_rows, t_rows, f_rows = [], [], [], []  # type: ignore[var-annotated]
    for offset, (values, quartieri, targets, fundings) in enumerate(batch):
        pk = first + offset
        rows.append(
            tuple(
                pk if f.attname == "id" else values.get(f.attname, defaults.get(f.attname))
                for f in fields
            )
        )
        q_rows.extend((pk, q) for q in quartieri)
        t_rows.extend((pk, g, n) for g, n in targets.items())
        f_rows.extend((pk, s, a) for s, a in fundings.items())
    _copy(ActivityRecord._meta.db_table, [f.column for f in fields], rows)
    through = ActivityRecord.quartieri.through
    _copy(through._meta.db_table, ["activityrecord_id", "quartiere_id"], q_rows)
    _copy(
        ActivityTargetCount._meta.db_table,
        ["activity_id", "target_group_id", "participants"],
        t_rows,
    )
    _copy(ActivityFunding._meta.db_table, ["activity_id", "source_id", "amount"], f_rows)


def _partner_records(ctx: DemoContext, gen: Generator) -> None:
    """Records of the demo partners through the services: every state, with history."""
    if ctx.done("cantieri.partner-records"):
        return

    staff = User.objects.filter(email="staff@cittadelnoi.demo").first()
    open_period = next((p for p in gen.periods if not p.is_locked), None)
    if staff is None or open_period is None:
        return
    plan = [
        ActivityStatus.APPROVED,
        ActivityStatus.APPROVED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.RETURNED,
        ActivityStatus.DRAFT,
    ]
    groups = {g.pk: g for g in TargetGroup.objects.all()}
    sources = {s.pk: s for s in FundingSource.objects.all()}
    quartieri = {q.pk: q for q in Quartiere.objects.all()}
    with transaction.atomic():
        for email in ("referente@auser.demo", "referente@colibri.demo"):
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            membership = user.memberships.filter(active=True).first()
            if membership is None:
                continue
            for status in plan:
                record, q_ids, targets, fundings = gen.record(
                    open_period, ActivityStatus.DRAFT, org_id=membership.organization_id
                )
                instance = ActivityRecord(**record)
                data = {name: getattr(instance, name) for name in services.DATA_FIELDS}
                item = services.ActivityInput(
                    data=data,
                    quartieri=[quartieri[q] for q in q_ids],
                    target_counts={groups[g]: n for g, n in targets.items()},
                    fundings={sources[s]: a for s, a in fundings.items()},
                )
                activity = services.activity_create(
                    organization=membership.organization,
                    by=user,
                    item=item,
                )
                if status == ActivityStatus.DRAFT:
                    continue
                services.activity_submit(activity=activity, by=user)
                if status == ActivityStatus.APPROVED:
                    services.activity_approve(activity=activity, by=staff)
                elif status == ActivityStatus.RETURNED:
                    services.activity_return(
                        activity=activity,
                        by=staff,
                        comment=(
                            "Controlla i partecipanti per fascia d'età e le ore di volontariato."
                        ),
                    )
        ctx.mark("cantieri.partner-records")
    ctx.say("Attività dei partner dimostrativi: in ogni stato, con la loro storia.")


def seed(ctx: DemoContext) -> None:
    seed_territory(ctx)
    periods = _periods(ctx)
    _indicators(ctx, periods)
    gen = Generator(ctx.rng, periods)
    if not gen.orgs or not gen.kinds or not gen.quartieri:
        ctx.say("Attività: mancano organizzazioni o dati di riferimento, nulla da fare.")
        return
    _partner_records(ctx, gen)
    benchmark = ctx.activities is not None
    if benchmark:
        wanted = int(ctx.activities or 0)
        key = f"cantieri.activities.{wanted}"
    else:
        years = (PERIODS[-1][2] - PERIODS[0][1]).days / 365.25
        wanted = int(DEFAULT_PER_YEAR * years)
        key = "cantieri.activities"
    if ctx.done(key):
        ctx.say("Attività: già presenti, nulla da fare.")
        return
    missing = max(0, wanted - ActivityRecord.objects.count())
    started = time.monotonic()
    made = bulk_insert(gen, missing, with_history=not benchmark, say=ctx.say)
    ctx.mark(key)
    ctx.say(
        f"Attività create: {made} (totale {ActivityRecord.objects.count()}) in "
        f"{time.monotonic() - started:.1f} s."
    )
