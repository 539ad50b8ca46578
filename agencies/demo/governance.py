"""Demo data of the agencies' governance: objectives, milestones, agreements, rounds."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from .. import models as m


def _governance(rng: random.Random, orgs: list, azioni: list, quartieri: list) -> None:
    today = timezone.localdate()
    statuses = [
        m.MilestoneStatus.DONE,
        m.MilestoneStatus.IN_PROGRESS,
        m.MilestoneStatus.PLANNED,
        m.MilestoneStatus.LATE,
    ]
    for azione in azioni:
        for n, title in enumerate(
            ["Rafforzare la rete territoriale", "Raggiungere nuovi destinatari"]
        ):
            obj = m.Objective.objects.create(
                azione=azione,
                title=f"{title} – {azione.name}"[:200],
                description="Obiettivo del piano di programma condiviso nel Consiglio di progetto.",
            )
            for k in range(3):
                status = statuses[(n + k) % len(statuses)]
                ms = m.Milestone.objects.create(
                    objective=obj,
                    title=f"Tappa {k + 1}",
                    status=status,
                    due_date=today + timedelta(days=120 * (k - 1)),
                    progress=100
                    if status == m.MilestoneStatus.DONE
                    else rng.choice([10, 30, 50, 70]),
                )
                ms.responsible_organizations.set(rng.sample(orgs, 2))
    for i, (kind, title) in enumerate(
        [
            (m.AgreementKind.PARTNERSHIP, "Accordo di partenariato di Brescia Città del Noi"),
            (m.AgreementKind.PACT, "Patto di collaborazione per il Punto Comunità di Sanpolino"),
            (m.AgreementKind.PACT, "Patto di comunità per gli anziani soli della Zona Nord"),
            (m.AgreementKind.PACT, "Patto per gli spazi di quartiere di Chiesanuova"),
        ]
    ):
        ag = m.Agreement.objects.create(
            kind=kind,
            title=title,
            object="Collaborazione tra Comune e terzo settore.",
            valid_from=date(2017 + i, 3, 1),
            valid_to=date(2026 + i, 2, 28),
            published=True,
        )
        ag.parties.set(rng.sample(orgs, 4))
        if i:
            ag.quartieri.set(rng.sample(quartieri, 2))
    for i, (round_kind, title) in enumerate(
        [
            (m.RoundKind.COPROGRAMMING, "Co-programmazione del welfare di comunità 2023-2025"),
            (m.RoundKind.CODESIGN, "Co-progettazione dei Punti Comunità"),
            (m.RoundKind.CODESIGN, "Co-progettazione dell'abitare solidale"),
        ]
    ):
        rnd = m.CoDesignRound.objects.create(
            kind=round_kind,
            title=title,
            azione=azioni[i % len(azioni)] if azioni else None,
            start=date(2022 + i, 2, 1),
            end=date(2022 + i, 6, 30),
            status=m.RoundStatus.CLOSED if i < 2 else m.RoundStatus.OPEN,
            outcome="Accordo sulle priorità e sul riparto delle risorse." if i < 2 else "",
        )
        rnd.participants.set(rng.sample(orgs, 8))
    stakeholders = [
        (
            "Comune di Brescia – Settore Servizi sociali",
            m.StakeholderGroup.PUBLIC,
            m.Involvement.CODECIDE,
            m.Frequency.WEEKLY,
        ),
        (
            "ATS Brescia",
            m.StakeholderGroup.PUBLIC,
            m.Involvement.COLLABORATE,
            m.Frequency.QUARTERLY,
        ),
        (
            "Fondazione Cariplo",
            m.StakeholderGroup.FUNDERS,
            m.Involvement.CONSULT,
            m.Frequency.YEARLY,
        ),
        (
            "Fondazione della Comunità Bresciana",
            m.StakeholderGroup.FUNDERS,
            m.Involvement.COLLABORATE,
            m.Frequency.QUARTERLY,
        ),
        (
            "CGIL, CISL, UIL di Brescia",
            m.StakeholderGroup.UNIONS,
            m.Involvement.CONSULT,
            m.Frequency.QUARTERLY,
        ),
        (
            "Università degli Studi di Brescia",
            m.StakeholderGroup.RESEARCH,
            m.Involvement.COLLABORATE,
            m.Frequency.MONTHLY,
        ),
        (
            "Università Cattolica del Sacro Cuore",
            m.StakeholderGroup.RESEARCH,
            m.Involvement.COLLABORATE,
            m.Frequency.MONTHLY,
        ),
        (
            "Consigli di quartiere",
            m.StakeholderGroup.CITIZENS,
            m.Involvement.INVOLVE,
            m.Frequency.MONTHLY,
        ),
        (
            "Associazioni di commercianti",
            m.StakeholderGroup.BUSINESS,
            m.Involvement.INFORM,
            m.Frequency.OCCASIONAL,
        ),
    ]
    for org in orgs[:6]:
        stakeholders.append(
            (org.name, m.StakeholderGroup.THIRD_SECTOR, m.Involvement.CODECIDE, m.Frequency.MONTHLY)
        )
    m.Stakeholder.objects.bulk_create(
        [m.Stakeholder(name=n, group=g, involvement=i, frequency=f) for n, g, i, f in stakeholders]
    )
