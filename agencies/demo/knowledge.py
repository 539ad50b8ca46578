"""Demo data of the welfare knowledge: target groups, service units, needs."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from cantieri.models import (
    ActivityRecord,
    ActivityStatus,
    ReportingPeriod,
)

from .. import models as m
from ..services import need_recompute_status


def _knowledge(rng: random.Random, orgs: list, groups: dict, quartieri: list) -> list:
    kinds = [
        "Centro diurno",
        "Servizio di assistenza domiciliare",
        "Doposcuola",
        "Sportello lavoro",
        "Centro aggregazione giovanile",
        "Emporio solidale",
    ]
    group_for = ["anziani", "anziani", "minori", "poverta", "giovani", "poverta"]
    map_groups = {g.code: g for g in m.WelfareTargetGroup.objects.all()}
    units = []
    for i in range(42):
        k = i % len(kinds)
        q = quartieri[i % len(quartieri)] if i % 7 else None
        units.append(
            m.ServiceUnit(
                code=f"uo-{i + 1:03d}",
                name=f"{kinds[k]} {q.name if q else 'cittadino'}",
                provider=orgs[i % len(orgs)],
                target_group=map_groups[group_for[k]],
                quartiere=q,
                capacity=rng.randint(10, 80),
            )
        )
    m.ServiceUnit.objects.bulk_create(units)
    tags = {
        name: m.Tag.objects.create(name=name, slug=name.replace(" ", "-"))
        for name in [
            "anziani",
            "abitare",
            "giovani",
            "povertà",
            "ricerca-azione",
            "welfare generativo",
        ]
    }
    docs = [
        (
            m.DocumentKind.RESEARCH,
            "I bisogni sociali dei quartieri di Brescia",
            2019,
            ["anziani", "povertà"],
        ),
        (
            m.DocumentKind.RESEARCH,
            "Mappatura dell'offerta di welfare cittadino",
            2020,
            ["welfare generativo"],
        ),
        (m.DocumentKind.PRACTICE, "Il custode sociale di condominio", 2021, ["anziani", "abitare"]),
        (m.DocumentKind.PRACTICE, "Doposcuola diffusi nei Punti Comunità", 2022, ["giovani"]),
        (m.DocumentKind.RESEARCH, "Valutazione partecipata dei cantieri", 2023, ["ricerca-azione"]),
        (m.DocumentKind.PRACTICE, "Empori solidali e reti di prossimità", 2024, ["povertà"]),
    ]
    for kind, title, year, tag_names in docs:
        doc = m.LibraryDocument.objects.create(
            kind=kind,
            title=title,
            year=year,
            authors="Agenzia Conoscenza e Innovazione",
            summary="Sintesi dei risultati e indicazioni per il programma.",
            published=True,
        )
        doc.tags.set([tags[t] for t in tag_names])
    return list(m.ServiceUnit.objects.order_by("code"))


def _needs(rng: random.Random, groups: dict, quartieri: list, units: list) -> None:
    approved = list(
        ActivityRecord.objects.filter(status=ActivityStatus.APPROVED)
        .prefetch_related("quartieri")
        .order_by("pk")[:40]
    )
    specs = [
        ("Solitudine degli anziani che vivono soli", "anziani", m.NeedSource.SURVEY, "answered"),
        ("Spazi studio per ragazzi nel pomeriggio", "minori", m.NeedSource.DESK, "answered"),
        ("Orientamento al lavoro per giovani NEET", "giovani", m.NeedSource.SERVICE_DATA, "partly"),
        (
            "Sostegno alimentare alle famiglie in difficoltà",
            "poverta",
            m.NeedSource.SERVICE_DATA,
            "partly",
        ),
        (
            "Trasporto per persone con disabilità",
            "disabilita",
            m.NeedSource.COUNCIL,
            m.NoAnswerReason.NO_RESOURCES,
        ),
        (
            "Custodia dei bambini nei giorni di chiusura scolastica",
            "prima-infanzia",
            m.NeedSource.DESK,
            m.NoAnswerReason.NO_PROVIDER,
        ),
        (
            "Assistenza fiscale per gli anziani",
            "anziani",
            m.NeedSource.DESK,
            m.NoAnswerReason.OUT_OF_SCOPE,
        ),
        (
            "Luoghi di incontro per famiglie straniere",
            "famiglie",
            m.NeedSource.SURVEY,
            m.NoAnswerReason.NOT_ASSESSED,
        ),
        (
            "Sostegno psicologico ai caregiver",
            "famiglie",
            m.NeedSource.COUNCIL,
            m.NoAnswerReason.NO_RESOURCES,
        ),
    ]
    # Spread over the programme's reporting periods, so that every Bilancio Sociale edition of
    # the demo reports the needs identified in its year (and those still without an answer).
    first = ReportingPeriod.objects.order_by("start").values_list("start", flat=True).first()
    start = first or timezone.localdate() - timedelta(days=400)
    for i, (title, group, source, outcome) in enumerate(specs):
        need = m.Need.objects.create(
            title=title,
            target_group=groups[group],
            source=source,
            evidence="Rilevato da indagine e segnalazioni degli sportelli.",
            identified_on=start + timedelta(days=45 + 110 * i),
            published=True,
            reason=outcome
            if outcome not in ("answered", "partly")
            else m.NoAnswerReason.NOT_ASSESSED,
        )
        if outcome == "answered" and approved:
            act = approved[i % len(approved)]
            qs = list(act.quartieri.all()) or quartieri[:1]
            need.quartieri.set(qs)
            need.activities.add(act)
        elif outcome == "partly":
            unit = next((u for u in units if u.quartiere_id), None)
            other = next((q for q in quartieri if unit and q.pk != unit.quartiere_id), None)
            if unit and other:
                need.quartieri.set([unit.quartiere, other])
                need.service_units.add(unit)
        else:
            need.quartieri.set(rng.sample(quartieri, 2))
        need_recompute_status(need=need)
