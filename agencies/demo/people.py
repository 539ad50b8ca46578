"""Demo data of the agencies' people: staff, volunteers, training."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from .. import models as m


def _people(rng: random.Random, orgs: list, periods: list, quartieri: list) -> None:
    staff = []
    for period in periods[-3:]:
        for org in orgs[:12]:
            for role, contract in [
                (m.StaffRole.EDUCATOR, m.ContractType.PERMANENT),
                (m.StaffRole.COMMUNITY, m.ContractType.FIXED),
                (m.StaffRole.COORDINATOR, m.ContractType.PERMANENT),
            ]:
                for sex in (m.Sex.FEMALE, m.Sex.MALE):
                    people = rng.randint(0, 4)
                    if people:
                        staff.append(
                            m.StaffEntry(
                                organization=org,
                                reporting_period=period,
                                role=role,
                                contract_type=contract,
                                sex=sex,
                                age_band=rng.choice(list(m.StaffAgeBand.values)),
                                people=people,
                                hours=Decimal(people * rng.randint(200, 800)),
                            )
                        )
    m.StaffEntry.objects.bulk_create(staff)
    m.VolunteerEntry.objects.bulk_create(
        [
            m.VolunteerEntry(
                organization=org,
                reporting_period=period,
                volunteers=rng.randint(2, 15),
                volunteer_hours=Decimal(rng.randint(40, 400)),
                description="Segreteria, accoglienza, organizzazione di eventi",
            )
            for period in periods[-3:]
            for org in orgs[:8]
        ]
    )
    for i, title in enumerate(
        [
            "Lavoro di comunità: metodi e strumenti",
            "Accogliere al Punto Comunità",
            "Volontariato e welfare generativo",
            "Valutare l'impatto sociale",
        ]
    ):
        start = date(2023 + i % 3, 2 + i, 10)
        course = m.TrainingCourse.objects.create(
            title=title,
            provider="Università Cattolica del Sacro Cuore",
            start=start,
            end=start + timedelta(days=60),
            evaluation_score=Decimal("4.20") - Decimal(i) / 10,
            evaluation_notes="Questionario di gradimento a fine corso.",
        )
        m.TrainingSession.objects.bulk_create(
            [
                m.TrainingSession(
                    course=course,
                    date=start + timedelta(days=14 * k),
                    hours=Decimal(rng.choice([2, 3, 4])),
                    topic=f"Modulo {k + 1}",
                )
                for k in range(4)
            ]
        )
        m.TrainingParticipation.objects.bulk_create(
            [
                m.TrainingParticipation(
                    course=course, organization=org, participants=rng.randint(1, 6)
                )
                for org in rng.sample(orgs, 5)
            ]
        )
    today = timezone.localdate()
    for i, title in enumerate(
        [
            "Cerchiamo volontari per il doposcuola",
            "Accompagnamento di anziani alle visite",
            "Volontari per la biblioteca di quartiere",
        ]
    ):
        org = orgs[i]
        call = m.VolunteerCall.objects.create(
            organization=org,
            title=title,
            description="Qualche ora alla settimana, con formazione iniziale.",
            contact_email=org.email or f"volontari@{org.slug[:40]}.demo",
            open_until=today + timedelta(days=60 + 30 * i),
            published=True,
        )
        call.quartieri.set(rng.sample(quartieri, 2))
    first = m.VolunteerCall.objects.order_by("pk").first()
    if first:
        m.VolunteerInterest.objects.create(
            call=first,
            name="Giulia Esempio",
            email="giulia@example.org",
            consent=True,
            message="Disponibile il martedì pomeriggio.",
            forwarded_at=timezone.now(),
            delete_after=today + timedelta(days=180),
        )
