"""A generator of plausible activity records (ages, titles) per action."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere

from ..models import (
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    Azione,
    FundingSource,
    ReportingPeriod,
)

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
