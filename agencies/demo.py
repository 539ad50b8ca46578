"""Demo data of the five agencies: a plausible set for every tool. Idempotent (ctx.done)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cantieri.models import (
    ActivityRecord,
    ActivityStatus,
    Azione,
    FundingSource,
    ReportingPeriod,
    TargetGroup,
)
from citta_del_noi.accounts.models import User
from citta_del_noi.core.demo_accounts import demo_email
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere

from . import models as m
from .services import need_recompute_status, unit_year_provider_key

KEY = "agencies.v1"

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


def _demo_referents() -> None:
    """The demo agency referents (accounts of the shared layer's demo)."""
    for slug, key in (("conoscenza", "agency"), ("finanza", "agency_finanza")):
        user = User.objects.filter(email=demo_email(key)).first()
        if user is not None:
            m.Agency.objects.get(slug=slug).referents.add(user)


def seed(ctx: DemoContext) -> None:
    _demo_referents()
    if ctx.done(KEY):
        ctx.say("Agenzie: già presenti.")
    else:
        _seed_agencies(ctx)
    if not ctx.done(WELFARE_KEY):
        with transaction.atomic():
            rows = _welfare_map_years()
            ctx.mark(WELFARE_KEY)
        ctx.say(
            f"Mappa del welfare: {rows} schede unità-anno ({WELFARE_YEARS[0]}–{WELFARE_YEARS[-1]})."
        )


def _seed_agencies(ctx: DemoContext) -> None:
    rng = random.Random(5)
    with transaction.atomic():
        orgs = list(Organization.objects.filter(active=True).order_by("pk")[:60])
        if not orgs:
            ctx.say("Agenzie: nessuna organizzazione, salto.")
            return
        azioni = list(Azione.objects.order_by("number"))
        quartieri = list(Quartiere.objects.order_by("name"))
        groups = {g.slug: g for g in TargetGroup.objects.all()}
        periods = list(ReportingPeriod.objects.order_by("start"))
        users = {u.email: u for u in User.objects.filter(email__endswith=".demo")}
        _governance(rng, orgs, azioni, quartieri)
        _people(rng, orgs, periods, quartieri)
        units = _knowledge(rng, orgs, groups, quartieri)
        _needs(rng, groups, quartieri, units)
        _communication(rng, quartieri)
        _finance(rng, orgs, azioni, users)
        ctx.mark(KEY)
    ctx.say("Agenzie: piano, persone, bisogni, comunicazione e finanza creati.")


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


def _communication(rng: random.Random, quartieri: list) -> None:
    today = timezone.localdate()
    now = timezone.now()
    for i, title in enumerate(
        [
            "Aperto un nuovo Punto Comunità a Sanpolino",
            "Pubblicato il Bilancio Sociale partecipativo",
            "Al via il bando per il non profit",
            "Cercasi volontari per l'estate",
            "I risultati della ricerca sui bisogni",
            "Nuovo patto di collaborazione a Chiesanuova",
        ]
    ):
        m.NewsItem.objects.create(
            title=title,
            summary="Una notizia dal programma Brescia Città del Noi.",
            body="Testo della notizia.\n\nSecondo paragrafo.",
            published_on=today - timedelta(days=20 * i),
            published=True,
        )
    for i, title in enumerate(
        [
            "Festa del Punto Comunità",
            "Assemblea pubblica dei cantieri",
            "Presentazione del Bilancio Sociale",
            "Laboratorio di quartiere",
            "Incontro sulla co-progettazione",
            "Cena solidale",
        ]
    ):
        start = timezone.make_aware(
            datetime.combine(today + timedelta(days=14 * i - 28), time(17, 30))
        )
        m.Event.objects.create(
            title=title,
            description="Evento aperto a tutta la cittadinanza.",
            start=start,
            end=start + timedelta(hours=2),
            location="Sala civica",
            quartiere=quartieri[i % len(quartieri)],
            published=True,
        )
    for i, name in enumerate(
        ["Conosci il tuo Punto Comunità", "Diventa volontario", "Il Bilancio Sociale in breve"]
    ):
        m.Campaign.objects.create(
            name=name,
            objective="Far conoscere il programma ai residenti.",
            audience="Residenti dei quartieri",
            channels="sito, social, volantini, stampa locale",
            start=today - timedelta(days=90 * (i + 1)),
            end=today - timedelta(days=90 * i),
            reach=rng.randint(2000, 12000),
            reach_method="Visualizzazioni e copie distribuite",
        )
    for i in range(3):
        m.Subscriber.objects.create(email=f"lettore{i + 1}@example.org", confirmed_at=now)
    m.Newsletter.objects.create(
        subject="Notizie di primavera",
        body="Le novità del programma.",
        status=m.NewsletterStatus.SENT,
        sent_at=now,
        recipients=3,
    )
    m.Newsletter.objects.create(subject="Notizie d'estate", body="Bozza della prossima newsletter.")
    for agency in m.Agency.objects.all():
        m.PublicPage.objects.create(
            kind=m.PageKind.AGENCY,
            agency=agency,
            intro=f"L'agenzia {agency.name} al servizio delle sette azioni.",
            body="Questa pagina racconta il lavoro dell'agenzia e i suoi risultati.",
        )
    punto = PuntoComunita.objects.order_by("pk").first()
    if punto:
        m.PublicPage.objects.create(
            kind=m.PageKind.PUNTO,
            punto=punto,
            intro="Uno spazio aperto al quartiere.",
            body="Accoglienza, ascolto e attività per tutte le età.",
        )


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
