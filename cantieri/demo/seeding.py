"""The entry point of the programme's demo data: periods, indicators, records."""

from __future__ import annotations

import time

from django.db import transaction

from citta_del_noi.accounts.models import User
from citta_del_noi.core.seeding import DemoContext
from territori.models import Quartiere

from .. import services
from ..demo_territory import seed_territory
from ..models import (
    ActivityRecord,
    ActivityStatus,
    FundingSource,
    TargetGroup,
)
from .bulk import bulk_insert
from .catalogue import PERIODS, _indicators, _periods
from .generator import Generator

DEFAULT_PER_YEAR = 2500


def _partner_records(ctx: DemoContext, gen: Generator) -> None:
    """Records of the demo partners through the services: every state, with history."""
    if ctx.done("cantieri.partner-records"):
        return

    staff = User.objects.filter(email="staff@cittadelnoi.demo").first()
    open_period = next((p for p in gen.periods if not p.is_locked), None)
    if staff is None or open_period is None:
        return
    plan = [
        ActivityStatus.APPROVED,
        ActivityStatus.APPROVED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.RETURNED,
        ActivityStatus.DRAFT,
    ]
    groups = {g.pk: g for g in TargetGroup.objects.all()}
    sources = {s.pk: s for s in FundingSource.objects.all()}
    quartieri = {q.pk: q for q in Quartiere.objects.all()}
    with transaction.atomic():
        for email in ("referente@auser.demo", "referente@colibri.demo"):
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            membership = user.memberships.filter(active=True).first()
            if membership is None:
                continue
            for status in plan:
                record, q_ids, targets, fundings = gen.record(
                    open_period, ActivityStatus.DRAFT, org_id=membership.organization_id
                )
                instance = ActivityRecord(**record)
                data = {name: getattr(instance, name) for name in services.DATA_FIELDS}
                item = services.ActivityInput(
                    data=data,
                    quartieri=[quartieri[q] for q in q_ids],
                    target_counts={groups[g]: n for g, n in targets.items()},
                    fundings={sources[s]: a for s, a in fundings.items()},
                )
                activity = services.activity_create(
                    organization=membership.organization,
                    by=user,
                    item=item,
                )
                if status == ActivityStatus.DRAFT:
                    continue
                services.activity_submit(activity=activity, by=user)
                if status == ActivityStatus.APPROVED:
                    services.activity_approve(activity=activity, by=staff)
                elif status == ActivityStatus.RETURNED:
                    services.activity_return(
                        activity=activity,
                        by=staff,
                        comment=(
                            "Controlla i partecipanti per fascia d'età e le ore di volontariato."
                        ),
                    )
        ctx.mark("cantieri.partner-records")
    ctx.say("Attività dei partner dimostrativi: in ogni stato, con la loro storia.")


def seed(ctx: DemoContext) -> None:
    seed_territory(ctx)
    periods = _periods(ctx)
    _indicators(ctx, periods)
    gen = Generator(ctx.rng, periods)
    if not gen.orgs or not gen.kinds or not gen.quartieri:
        ctx.say("Attività: mancano organizzazioni o dati di riferimento, nulla da fare.")
        return
    _partner_records(ctx, gen)
    benchmark = ctx.activities is not None
    if benchmark:
        wanted = int(ctx.activities or 0)
        key = f"cantieri.activities.{wanted}"
    else:
        years = (PERIODS[-1][2] - PERIODS[0][1]).days / 365.25
        wanted = int(DEFAULT_PER_YEAR * years)
        key = "cantieri.activities"
    if ctx.done(key):
        ctx.say("Attività: già presenti, nulla da fare.")
        return
    missing = max(0, wanted - ActivityRecord.objects.count())
    started = time.monotonic()
    made = bulk_insert(gen, missing, with_history=not benchmark, say=ctx.say)
    ctx.mark(key)
    ctx.say(
        f"Attività create: {made} (totale {ActivityRecord.objects.count()}) in "
        f"{time.monotonic() - started:.1f} s."
    )
