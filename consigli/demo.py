"""Demo data of the two councils: members, working groups, meetings 2016–2019 with agendas,
attendance, approved minutes and decisions with their follow-up, and one upcoming meeting each.

Deterministic (ctx.rng) and idempotent (ctx.done / ctx.mark). Written through the services, so
the draft agendas carry the approvals of minutes and the overdue decisions as they would.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cantieri.models import Azione
from citta_del_noi.accounts.models import User
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from . import services
from .models import (
    AttendanceStatus,
    Consiglio,
    CouncilMember,
    DecisionMode,
    DecisionStatus,
    Meeting,
    MemberCategory,
    MemberRole,
    WorkingGroup,
)
from .selectors import members_in_office, seat_overlapping

FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Andrea",
    "Sara",
    "Paolo",
    "Elena",
    "Davide",
    "Laura",
    "Matteo",
    "Silvia",
    "Stefano",
    "Anna",
    "Roberto",
    "Valentina",
    "Giorgio",
    "Federica",
    "Alberto",
    "Marta",
    "Simone",
    "Cristina",
    "Fabio",
    "Paola",
    "Enrico",
    "Monica",
    "Riccardo",
    "Barbara",
    "Giovanni",
]
LAST_NAMES = [
    "Rossi",
    "Bianchi",
    "Ferrari",
    "Bonetti",
    "Gatti",
    "Zanetti",
    "Bertoli",
    "Pasotti",
    "Lombardi",
    "Ghidini",
    "Bettoni",
    "Cominelli",
    "Faustini",
    "Gorni",
    "Lancini",
    "Mori",
    "Piovani",
    "Rizzi",
    "Sala",
    "Tognoli",
    "Venturini",
    "Zubani",
    "Bregoli",
    "Cavalli",
    "Donati",
    "Franzoni",
    "Guerini",
    "Marini",
    "Orizio",
    "Pedretti",
]
TOPICS = [
    "Stato di avanzamento dei cantieri",
    "Piano di zona: priorità per il prossimo anno",
    "Punti Comunità: nuove aperture",
    "Bilancio sociale: indice e consultazione",
    "Co-programmazione con il terzo settore (art. 55)",
    "Risorse e cofinanziamenti",
    "Mappatura del welfare cittadino",
    "Formazione dei volontari",
    "Coinvolgimento dei Consigli di Quartiere",
    "Valutazione degli indicatori di risultato",
]
DECISIONS = [
    "Avviare un gruppo di lavoro sul tema e riferire al consiglio",
    "Chiedere all'Agenzia Conoscenza un approfondimento con i dati dei quartieri",
    "Approvare le linee guida proposte con le modifiche discusse",
    "Proporre alla Giunta l'estensione dell'orario dei Punti Comunità",
    "Organizzare un incontro pubblico nella zona interessata",
    "Aggiornare gli indicatori del cantiere e i relativi obiettivi",
]
DROP_REASONS = [
    "Superata dalla delibera della Giunta sul nuovo Piano di zona.",
    "Risorse non disponibili nel bilancio dell'anno.",
]


def _user(ctx: DemoContext, index: int, slug: str) -> User:
    email = f"{slug}.componente{index:02d}@cittadelnoi.demo"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            first_name=ctx.rng.choice(FIRST_NAMES),
            last_name=ctx.rng.choice(LAST_NAMES),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _seat(
    council: Consiglio,
    user: User,
    role: str,
    category: str,
    org: Any,
    start: date,
    end: date | None = None,
) -> CouncilMember:

    # One seat per person at a time: a demo account already seated (core demo) keeps its seat.
    existing = seat_overlapping(consiglio=council, user=user, term_start=start, term_end=end)
    if existing is not None:
        return existing
    seat = CouncilMember(
        consiglio=council,
        user=user,
        term_start=start,
        role=role,
        category=category,
        organization=org,
        term_end=end,
    )
    return services.seat_save(seat=seat, by=None)


def _members(ctx: DemoContext, council: Consiglio, size: int, demo: dict[str, User | None]) -> None:
    orgs = list(Organization.objects.order_by("pk")[:80])
    start = date(2016, 3, 1)
    for role, key in ((MemberRole.PRESIDENTE, "president"), (MemberRole.SEGRETARIO, "secretary")):
        user = demo.get(key) or _user(ctx, 90 + len(key), council.slug)
        _seat(council, user, role, MemberCategory.COMUNE, None, start)
    member = demo.get("member")
    if member is not None:
        _seat(council, member, MemberRole.COMPONENTE, MemberCategory.ESPERTO, None, start)
    categories = (
        [MemberCategory.TERZO_SETTORE] * 6
        + [MemberCategory.SINDACATO, MemberCategory.RICERCA, MemberCategory.ESPERTO]
        if council.slug == "indirizzo"
        else [MemberCategory.PARTNER] * 3 + [MemberCategory.COMUNE]
    )
    for i in range(size - 3):
        category = ctx.rng.choice(categories)
        org = (
            ctx.rng.choice(orgs)
            if orgs and category in (MemberCategory.TERZO_SETTORE, MemberCategory.PARTNER)
            else None
        )
        user = _user(ctx, i, council.slug)
        if i % 8 == 7:
            # Term ended at the end of 2017; a replacement takes the seat from 2018.
            _seat(council, user, MemberRole.COMPONENTE, category, org, start, date(2017, 12, 31))
            _seat(
                council,
                _user(ctx, 50 + i, council.slug),
                MemberRole.COMPONENTE,
                category,
                org,
                date(2018, 1, 1),
            )
        else:
            _seat(council, user, MemberRole.COMPONENTE, category, org, start)
    groups = (
        ["Abitare e casa", "Anziani e fragilità"]
        if council.slug == "indirizzo"
        else ["Monitoraggio e valutazione"]
    )
    seats = list(council.members.filter(term_end__isnull=True).order_by("pk"))
    for name in groups:
        group, _created = WorkingGroup.objects.get_or_create(
            consiglio=council,
            name=name,
            defaults={"description": "Istruisce i temi per le riunioni plenarie."},
        )
        group.members.set(ctx.rng.sample(seats, min(5, len(seats))))


def _aware(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _meeting_dates(every_months: int) -> list[date]:
    out = []
    year, month = 2016, 4
    while (year, month) <= (2019, 12):
        out.append(date(year, month, 12))
        month += every_months
        while month > 12:
            month -= 12
            year += 1
    return out


def _hold(
    ctx: DemoContext,
    council: Consiglio,
    day: date,
    number: int,
    by: User | None,
    secretary: User | None,
) -> None:
    meeting = services.meeting_schedule(
        consiglio=council,
        title=f"Riunione n. {number}",
        starts_at=_aware(day),
        ends_at=_aware(day, 19),
        location="Palazzo Loggia, Sala dei Giudici",
        by=by,
    )
    azioni = list(Azione.objects.order_by("number"))
    quartieri = list(Quartiere.objects.order_by("pk"))
    topics = ctx.rng.sample(TOPICS, ctx.rng.randint(2, 4))
    items = []
    for i, topic in enumerate(topics):
        items.append(
            services.agenda_item_add(
                meeting=meeting,
                by=by,
                fields=services.AgendaFields(
                    title=topic,
                    azione=ctx.rng.choice(azioni) if azioni and i % 2 == 0 else None,
                    quartiere=ctx.rng.choice(quartieri) if quartieri and i == 1 else None,
                    confidential=(i == len(topics) - 1 and number % 5 == 0),
                ),
            )
        )
    seats = list(members_in_office(council, day).order_by("pk"))  # people, one seat each
    present = [s for s in seats if ctx.rng.random() < 0.8 or s.role != MemberRole.COMPONENTE]
    entries = [services.AttendanceEntry(member=s, status=AttendanceStatus.PRESENT) for s in present]
    for s in seats:
        if s in present:
            continue
        if present and ctx.rng.random() < 0.3:
            entries.append(
                services.AttendanceEntry(
                    member=s, status=AttendanceStatus.DELEGATED, delegate=ctx.rng.choice(present)
                )
            )
        else:
            entries.append(services.AttendanceEntry(member=s, status=AttendanceStatus.ABSENT))
    services.attendance_record(meeting=meeting, entries=entries, by=secretary)
    voters = sum(1 for e in entries if e.status != AttendanceStatus.ABSENT)
    for item in items[: ctx.rng.randint(1, 2)]:
        vote = ctx.rng.random() < 0.4 and voters >= 5
        against = ctx.rng.randint(0, 2) if vote else None
        abstained = ctx.rng.randint(0, 2) if vote else None
        decision = services.decision_record(
            agenda_item=item,
            by=secretary,
            data=services.DecisionInput(
                text=ctx.rng.choice(DECISIONS),
                mode=DecisionMode.VOTE if vote else DecisionMode.CONSENSUS,
                votes_for=voters - (against or 0) - (abstained or 0) if vote else None,
                votes_against=against,
                votes_abstained=abstained,
                owner_user=ctx.rng.choice(present).user if present else None,
                due_date=day + timedelta(days=ctx.rng.choice([60, 90, 120, 180])),
            ),
        )
        age = (date(2020, 1, 31) - day).days
        roll = ctx.rng.random()
        if age > 200:
            services.decision_update_status(
                decision=decision,
                status=DecisionStatus.IN_PROGRESS,
                note="Avviata dal responsabile.",
                by=secretary,
            )
            if roll < 0.75:
                services.decision_update_status(
                    decision=decision,
                    status=DecisionStatus.DONE,
                    note="Attuata e riferita al consiglio.",
                    by=secretary,
                )
            elif roll < 0.85:
                services.decision_update_status(
                    decision=decision,
                    status=DecisionStatus.DROPPED,
                    note=ctx.rng.choice(DROP_REASONS),
                    by=secretary,
                )
        elif roll < 0.5:
            services.decision_update_status(
                decision=decision,
                status=DecisionStatus.IN_PROGRESS,
                note="Avviata dal responsabile.",
                by=secretary,
            )
    # Approve the minutes on this meeting's agenda (the previous meeting's), then write ours.
    for item in meeting.agenda_items.filter(minutes_to_approve__isnull=False):
        services.minutes_approve(minutes=item.minutes_to_approve, at_meeting=meeting, by=secretary)  # type: ignore[arg-type]
    services.minutes_save(
        meeting=meeting,
        by=secretary,
        text=(
            f"Il {council.name} si riunisce alle 17. Presenti {len(present)} componenti. "
            f"Si discutono i punti all'ordine del giorno: {', '.join(topics)}. "
            "Le decisioni sono riportate nel registro."
        ),
        confidential_text="Discussione riservata sul punto indicato." if number % 5 == 0 else "",
    )


def _demo_account_seats(users: dict[str, User | None]) -> None:
    """The seats of the demo council accounts (president, secretary, a member of both)."""
    president, secretary, member = users["president"], users["secretary"], users["member"]
    if president is None or secretary is None or member is None:
        return
    if CouncilMember.objects.filter(user=president).exists():
        return
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    progetto = Consiglio.objects.get(slug="progetto")
    start = date(2016, 9, 1)
    CouncilMember.objects.create(
        consiglio=indirizzo,
        user=president,
        category=MemberCategory.ESPERTO,
        role=MemberRole.PRESIDENTE,
        term_start=start,
    )
    CouncilMember.objects.create(
        consiglio=indirizzo,
        user=secretary,
        category=MemberCategory.COMUNE,
        role=MemberRole.SEGRETARIO,
        term_start=start,
    )
    for consiglio in (indirizzo, progetto):
        CouncilMember.objects.create(
            consiglio=consiglio,
            user=member,
            category=MemberCategory.TERZO_SETTORE,
            organization=Organization.objects.get(slug="auser-volontariato-brescia"),
            term_start=start,
        )


def seed(ctx: DemoContext) -> None:
    if ctx.done("consigli.demo"):
        ctx.say("Consigli: già presenti, nulla da fare.")
        return
    demo = {
        "president": User.objects.filter(email="presidente@cittadelnoi.demo").first(),
        "secretary": User.objects.filter(email="segretario@cittadelnoi.demo").first(),
        "member": User.objects.filter(email="consigliere@cittadelnoi.demo").first(),
    }
    with transaction.atomic():
        _demo_account_seats(demo)
        indirizzo = Consiglio.objects.get(slug="indirizzo")
        progetto = Consiglio.objects.get(slug="progetto")
        _members(ctx, indirizzo, 25, demo)
        _members(ctx, progetto, 10, {"member": demo["member"]})
        for council, every in ((indirizzo, 3), (progetto, 2)):
            president = council.members.filter(role=MemberRole.PRESIDENTE).first()
            secretary = council.members.filter(role=MemberRole.SEGRETARIO).first()
            by = president.user if president else None
            sec = secretary.user if secretary else None
            for number, day in enumerate(_meeting_dates(every), start=1):
                _hold(ctx, council, day, number, by, sec)
            upcoming = services.meeting_schedule(
                consiglio=council,
                title="Prossima riunione",
                by=by,
                starts_at=timezone.now().replace(hour=16, minute=0, second=0, microsecond=0)
                + timedelta(days=21),
                location="Palazzo Loggia, Sala dei Giudici",
            )
            services.agenda_item_add(
                meeting=upcoming,
                by=by,
                fields=services.AgendaFields(
                    title="Cruscotto: situazione dei cantieri e segnalazioni"
                ),
            )
        ctx.mark("consigli.demo")
    ctx.say(
        f"Consigli: {CouncilMember.objects.count()} seggi, "
        f"{Meeting.objects.count()} riunioni con verbali e decisioni."
    )
