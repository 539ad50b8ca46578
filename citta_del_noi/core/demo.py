"""Demo data of the shared layer: organisations, accounts of every role, Punti Comunità,
population by year. Deterministic: names and figures come from the seeded generator."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.utils.text import slugify

from agencies.models import Agency
from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.services import mfa_enable_totp, user_make_staff
from citta_del_noi.organizations.models import LegalForm, MembershipRole, Organization
from citta_del_noi.organizations.services import membership_add
from citta_del_noi.organizations.validators import numeric_check_digit
from consigli.models import Consiglio, CouncilMember, MemberCategory, MemberRole
from territori.models import PopolazioneQuartiere, PuntoComunita, Quartiere, Zona

from .demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from .seeding import DemoContext

# Legal-form mix of the city's ~320 welfare providers (2017 census in the domain brief).
LEGAL_FORM_MIX = [
    (LegalForm.ASSOCIAZIONE, 150, "Associazione"),
    (LegalForm.COOPERATIVA_SOCIALE, 62, "Cooperativa sociale"),
    (LegalForm.ENTE_ECCLESIASTICO, 62, "Parrocchia"),
    (LegalForm.ENTE_PRIVATO, 20, "Centro"),
    (LegalForm.FONDAZIONE, 14, "Fondazione"),
    (LegalForm.ALTRO, 6, "Comitato"),
]
NAME_WORDS = [
    "Il Ponte",
    "La Rete",
    "Arcobaleno",
    "Il Girasole",
    "Insieme",
    "La Tenda",
    "Il Melograno",
    "Porta Aperta",
    "Il Faro",
    "La Bussola",
    "Mani Amiche",
    "Il Cortile",
    "La Quercia",
    "Nuovi Orizzonti",
    "Il Sentiero",
    "La Casa sul Mella",
    "Il Chiostro",
    "Solidarietà",
    "Il Cammino",
    "La Fonte",
    "Il Seme",
    "La Piazza",
    "Il Tiglio",
    "Vicini di Casa",
    "Il Gelso",
    "La Lanterna",
    "Il Noce",
    "L'Officina",
    "La Filanda",
    "Il Colle",
]
SAINTS = [
    "San Faustino",
    "Santa Giulia",
    "San Giovanni",
    "Sant'Afra",
    "San Luca",
    "San Polo",
    "Santa Maria",
    "San Zeno",
    "San Rocco",
    "Sant'Angela",
]
STREETS = ["Milano", "Cremona", "Venezia", "Verona", "Lombardia", "Chiusure", "Triumplina"]
PUNTI_TARGET = 18


def _unique_cf(rng: random.Random, used: set[str], first: str) -> str:
    while True:
        body = first + "".join(str(rng.randint(0, 9)) for _ in range(9))
        cf = body + str(numeric_check_digit(body))
        if cf not in used:
            used.add(cf)
            return cf


def _organizations(ctx: DemoContext) -> list[Organization]:
    rng = ctx.rng
    used: set[str] = {
        cf
        for cf in Organization.objects.exclude(codice_fiscale=None).values_list(
            "codice_fiscale", flat=True
        )
        if cf
    }
    names: set[str] = set(Organization.objects.values_list("name", flat=True))
    new = []
    for form, count, prefix in LEGAL_FORM_MIX:
        for i in range(count):
            if form == LegalForm.ENTE_ECCLESIASTICO:
                base = f"{prefix} {rng.choice(SAINTS)}"
            else:
                base = f"{prefix} {rng.choice(NAME_WORDS)}"
            name = base
            n = 2
            while name in names:
                name = f"{base} {n}"
                n += 1
            names.add(name)
            first = "9" if form in (LegalForm.ASSOCIAZIONE, LegalForm.ENTE_ECCLESIASTICO) else "0"
            new.append(
                Organization(
                    name=name,
                    slug=slugify(f"demo-{form}-{i}-{name}")[:200],
                    legal_form=form,
                    codice_fiscale=_unique_cf(rng, used, first),
                    address=f"via {rng.choice(STREETS)} {rng.randint(1, 200)}, Brescia",
                )
            )
    Organization.objects.bulk_create(new)
    return list(Organization.objects.order_by("pk"))


def _population(ctx: DemoContext) -> None:
    """Population per quartiere for 2016–2018: the known 2013 figures grown slightly, others
    drawn so that the city totals about 196,700 residents. Marked as demo estimates."""
    rng = ctx.rng
    quartieri = list(Quartiere.objects.order_by("istat_code"))
    known = {p.quartiere_id: p.residents for p in PopolazioneQuartiere.objects.filter(year=2013)}
    unknown = [q for q in quartieri if q.pk not in known]
    remaining = 196_700 - sum(known.values())
    weights = [rng.uniform(0.5, 1.5) for _ in unknown]
    scale = remaining / sum(weights)
    base = dict(known)
    for q, w in zip(unknown, weights, strict=True):
        base[q.pk] = int(w * scale)
    rows = []
    for year in (2016, 2017, 2018):
        for q in quartieri:
            residents = int(base[q.pk] * (1 + 0.003 * (year - 2013)))
            rows.append(
                PopolazioneQuartiere(
                    quartiere=q,
                    year=year,
                    residents=residents,
                    foreign_residents=int(residents * rng.uniform(0.12, 0.25)),
                    source="Stima dimostrativa",
                )
            )
    PopolazioneQuartiere.objects.bulk_create(rows, ignore_conflicts=True)


def _punti(ctx: DemoContext, orgs: list[Organization]) -> None:
    rng = ctx.rng
    quartieri = list(Quartiere.objects.order_by("istat_code"))
    chosen = rng.sample(quartieri, PUNTI_TARGET)
    associations = [o for o in orgs if o.legal_form == LegalForm.ASSOCIAZIONE]
    for i, q in enumerate(chosen):
        lead = associations[i % len(associations)]
        punto = PuntoComunita.objects.create(
            name=f"Punto Comunità {q.name}",
            slug=slugify(f"punto-{q.name}"),
            quartiere=q,
            lead_organization=lead,
            address=f"Sede di quartiere {q.name}",
            opening_hours=rng.choice(
                ["Lunedì e giovedì 9–12", "Martedì 15–18, venerdì 9–12", "Mercoledì 9–12 e 15–18"]
            ),
            weekly_hours=rng.choice([6, 6, 8, 9, 12]),
            description="Ascolto, orientamento ai servizi, piccoli aiuti tra vicini.",
            opened_on=date(2017 if i < 12 else 2018, rng.randint(1, 12), 1),
        )
        punto.network.set(rng.sample(orgs, 4))


def _accounts(ctx: DemoContext) -> dict[str, User]:
    users: dict[str, User] = {}
    for email, first, last, key, _description, totp in DEMO_ACCOUNTS:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        users[key] = user
        if totp:
            mfa_enable_totp(user=user, secret=DEMO_TOTP_SECRET)
    user_make_staff(user=users["admin"], admin=True)
    user_make_staff(user=users["staff"])
    user_make_staff(user=users["staff_est"], zones=[Zona.objects.get(slug="est")])
    auser = Organization.objects.get(slug="auser-volontariato-brescia")
    colibri = Organization.objects.get(slug="colibri-societa-cooperativa-onlus")
    for key, organization, role in (
        ("partner", auser, MembershipRole.REFERENTE),
        ("partner_compilatore", auser, MembershipRole.COMPILATORE),
        ("partner_lettore", auser, MembershipRole.LETTORE),
        ("partner_b", colibri, MembershipRole.REFERENTE),
        ("partner_b_compilatore", colibri, MembershipRole.COMPILATORE),
        ("partner_b_lettore", colibri, MembershipRole.LETTORE),
    ):
        membership_add(user=users[key], organization=organization, role=role)
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    progetto = Consiglio.objects.get(slug="progetto")
    start = date(2016, 9, 1)
    CouncilMember.objects.create(
        consiglio=indirizzo,
        user=users["council_president"],
        category=MemberCategory.ESPERTO,
        role=MemberRole.PRESIDENTE,
        term_start=start,
    )
    CouncilMember.objects.create(
        consiglio=indirizzo,
        user=users["council_secretary"],
        category=MemberCategory.COMUNE,
        role=MemberRole.SEGRETARIO,
        term_start=start,
    )
    for consiglio in (indirizzo, progetto):
        CouncilMember.objects.create(
            consiglio=consiglio,
            user=users["council"],
            category=MemberCategory.TERZO_SETTORE,
            organization=Organization.objects.get(slug="auser-volontariato-brescia"),
            term_start=start,
        )
    Agency.objects.get(slug="conoscenza").referents.add(users["agency"])
    Agency.objects.get(slug="finanza").referents.add(users["agency_finanza"])
    return users


def seed(ctx: DemoContext) -> None:
    if ctx.done("core"):
        ctx.say("Organizzazioni, account e Punti Comunità: già presenti, nulla da fare.")
        return
    with transaction.atomic():
        orgs = _organizations(ctx)
        _population(ctx)
        _punti(ctx, orgs)
        _accounts(ctx)
        ctx.mark("core")
    ctx.say(
        f"Organizzazioni: {len(orgs)}; Punti Comunità: {PUNTI_TARGET}; "
        f"account: {len(DEMO_ACCOUNTS)}."
    )
