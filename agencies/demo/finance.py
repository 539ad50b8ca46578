"""Demo data of the agencies' finance: budgets, expenditures, fundraising, calls."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cantieri.models import (
    FundingSource,
)
from citta_del_noi.accounts.models import User

from .. import models as m

# Yearly totals per funding source (euro): the Cariplo grant (~1.4M over the first three
# years), the Comune's co-financing, partners, other foundations, donations.
YEARLY = {
    "cariplo": [480_000, 470_000, 450_000, 0, 0, 0, 0, 0, 0],
    "comune": [300_000, 310_000, 320_000, 330_000, 340_000, 340_000, 350_000, 350_000, 360_000],
    "partner": [150_000, 160_000, 170_000, 160_000, 150_000, 150_000, 160_000, 170_000, 180_000],
    "fondazioni": [20_000, 40_000, 60_000, 80_000, 90_000, 100_000, 110_000, 110_000, 120_000],
    "donazioni": [5_000, 8_000, 12_000, 15_000, 18_000, 20_000, 22_000, 25_000, 28_000],
    "altri-pubblici": [0, 0, 30_000, 30_000, 40_000, 40_000, 40_000, 50_000, 50_000],
}
FIRST_YEAR = 2017


def _finance(rng: random.Random, orgs: list, azioni: list, users: dict) -> None:
    sources = {s.slug: s for s in FundingSource.objects.all()}
    agencies = list(m.Agency.objects.order_by("order"))
    for slug, amounts in YEARLY.items():
        source = sources.get(slug)
        if source is None:
            continue
        for k, amount in enumerate(amounts):
            if amount:
                m.SourceAllocation.objects.create(
                    source=source, year=FIRST_YEAR + k, amount=Decimal(amount)
                )
    lines = []
    for slug in ("cariplo", "comune"):
        source = sources.get(slug)
        if source is None:
            continue
        for k, amount in enumerate(YEARLY[slug]):
            if not amount:
                continue
            share = Decimal(amount) * Decimal("0.9") / (len(azioni) + len(agencies))
            share = share.quantize(Decimal("1"))
            for azione in azioni:
                lines.append(
                    m.BudgetLine(
                        source=source,
                        year=FIRST_YEAR + k,
                        azione=azione,
                        description=f"{azione.name}"[:200],
                        amount=share,
                    )
                )
            for agency in agencies:
                lines.append(
                    m.BudgetLine(
                        source=source,
                        year=FIRST_YEAR + k,
                        agency=agency,
                        description=f"Agenzia {agency.name}"[:200],
                        amount=share,
                    )
                )
    m.BudgetLine.objects.bulk_create(lines)
    expenditures = []
    for line in m.BudgetLine.objects.order_by("pk"):
        committed = (line.amount * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.01"))
        paid = (committed * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("0.01"))
        expenditures.append(
            m.Expenditure(
                budget_line=line,
                kind=m.ExpenditureKind.COMMITMENT,
                amount=committed,
                date=date(line.year, 3, 1),
                description="Impegno annuale",
            )
        )
        expenditures.append(
            m.Expenditure(
                budget_line=line,
                kind=m.ExpenditureKind.PAYMENT,
                amount=paid,
                date=date(line.year, 11, 30),
                description="Liquidazione",
            )
        )
    m.Expenditure.objects.bulk_create(expenditures)
    today = timezone.localdate()
    m.Fundraising.objects.create(
        title="Fondo Brescia Città del Noi",
        description="Donazioni al fondo presso la Fondazione della Comunità Bresciana.",
        start=date(2019, 1, 1),
        end=today + timedelta(days=365),
        target_amount=Decimal("100000"),
        raised_amount=Decimal("64350"),
        donations=412,
        published=True,
    )
    m.Fundraising.objects.create(
        title="Un'estate per tutti",
        description="Raccolta per i centri estivi.",
        start=date(2024, 4, 1),
        end=date(2024, 7, 31),
        target_amount=Decimal("20000"),
        raised_amount=Decimal("23150"),
        donations=186,
        published=True,
    )
    # Calls for proposals: the €120k call (closed, awarded) and an open one.
    now = timezone.now()
    partner_orgs = [o for o in orgs if o.memberships.exists()] or orgs[:3]
    applicants = (partner_orgs + [o for o in orgs if o not in partner_orgs])[:4]
    evaluators = [
        u
        for e, u in users.items()
        if e in ("staff@cittadelnoi.demo", "agenzia.finanza@cittadelnoi.demo")
    ]
    closed = m.Call.objects.create(
        title="Bando per il non profit 2024",
        description="Contributi a progetti di welfare "
        "di comunità. Metà Fondazione Cariplo, metà Comune.",
        budget=Decimal("120000"),
        source=sources.get("comune"),
        deadline=now - timedelta(days=120),
        status=m.CallStatus.AWARDED,
        published_at=now - timedelta(days=200),
    )
    open_call = m.Call.objects.create(
        title="Bando per il non profit 2026",
        description="Contributi a progetti nei quartieri con meno servizi.",
        budget=Decimal("80000"),
        source=sources.get("comune"),
        deadline=now + timedelta(days=45),
        status=m.CallStatus.PUBLISHED,
        published_at=now - timedelta(days=10),
    )
    for call in (closed, open_call):
        for order, (name, weight, max_score) in enumerate(
            [
                ("Rispondenza ai bisogni del registro", 40, 10),
                ("Radicamento nel quartiere e rete", 30, 10),
                ("Sostenibilità economica", 30, 5),
            ]
        ):
            m.CallCriterion.objects.create(
                call=call, name=name, weight=weight, max_score=max_score, order=order
            )
    submitter = users.get("referente@auser.demo") or User.objects.order_by("pk").first()
    if submitter is None:
        return
    for i, org in enumerate(applicants):
        app = m.Application.objects.create(
            call=closed,
            organization=org,
            title=f"Progetto di comunità {i + 1}",
            summary="Attività di prossimità con volontari.",
            requested_amount=Decimal(rng.choice([20000, 30000, 40000])),
            submitted_at=now - timedelta(days=130),
            submitted_by=submitter,
        )
        for ev in evaluators:
            a = m.EvaluatorAssignment.objects.create(
                application=app, evaluator=ev, completed_at=now - timedelta(days=100)
            )
            for c in closed.criteria.all():
                m.Score.objects.create(
                    assignment=a, criterion=c, score=rng.randint(c.max_score // 2, c.max_score)
                )
        if i < 3:
            m.Grant.objects.create(
                application=app,
                amount=app.requested_amount,
                status=[m.GrantStatus.RUNNING, m.GrantStatus.REPORTED, m.GrantStatus.AWARDED][i],
            )
            app.status = m.ApplicationStatus.AWARDED
        else:
            app.status = m.ApplicationStatus.NOT_AWARDED
        app.save(update_fields=["status"])
    for i, org in enumerate(applicants[:2]):
        app = m.Application.objects.create(
            call=open_call,
            organization=org,
            title=f"Nuovo progetto di quartiere {i + 1}",
            summary="Spazi di incontro per famiglie.",
            requested_amount=Decimal("25000"),
            submitted_at=now - timedelta(days=3),
            submitted_by=submitter,
        )
        if evaluators:
            m.EvaluatorAssignment.objects.create(application=app, evaluator=evaluators[0])
