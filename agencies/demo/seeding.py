"""The agencies' demo data: the entry point and the order of the seeding."""

from __future__ import annotations

import random

from django.db import transaction

from cantieri.models import (
    Azione,
    ReportingPeriod,
    TargetGroup,
)
from citta_del_noi.accounts.models import User
from citta_del_noi.core.demo_accounts import demo_email
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from .. import models as m
from .communication import _communication
from .finance import _finance
from .finder import FINDER_KEY, finder_demo
from .governance import _governance
from .knowledge import _knowledge, _needs
from .people import _people
from .welfare import WELFARE_KEY, WELFARE_YEARS, _welfare_map_years

KEY = "agencies.v1"


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
    if not ctx.done(FINDER_KEY):
        with transaction.atomic():
            slots = finder_demo()
            ctx.mark(FINDER_KEY)
        ctx.say(f"Trova un servizio: {slots} orari di apertura, coordinate e modalità di accesso.")


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
