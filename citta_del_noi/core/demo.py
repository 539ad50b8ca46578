"""Demo data of the shared layer: organisations and the accounts of every role.
Deterministic: names and figures come from the seeded generator. The domain apps seed their
own part (population and Punti Comunità in cantieri/demo_territory.py, council seats in
consigli/demo.py, agency referents in agencies/demo.py)."""

from __future__ import annotations

import random
from typing import Any, cast

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.services import mfa_enable_totp, user_make_staff
from citta_del_noi.organizations.models import LegalForm, MembershipRole, Organization
from citta_del_noi.organizations.services import membership_add
from citta_del_noi.organizations.validators import numeric_check_digit

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
    # The zone model is territori's, reached through the relation (core knows no domain app).
    zones = cast("type[Model]", User._meta.get_field("staff_zones").related_model)
    east: Any = zones._default_manager.get(slug="est")
    user_make_staff(user=users["staff_est"], zones=[east])
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
    return users


def seed(ctx: DemoContext) -> None:
    if ctx.done("core"):
        ctx.say("Organizzazioni e account: già presenti, nulla da fare.")
        return
    with transaction.atomic():
        orgs = _organizations(ctx)
        _accounts(ctx)
        ctx.mark("core")
    ctx.say(f"Organizzazioni: {len(orgs)}; account: {len(DEMO_ACCOUNTS)}.")
