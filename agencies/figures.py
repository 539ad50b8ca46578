"""Figures shown on the public pages of agencies and cantieri (aggregates only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cantieri import summary
from cantieri.models import ActivityFact, Azione

from . import selectors
from .models import (
    Agreement,
    CoDesignRound,
    LibraryDocument,
    Need,
    NeedStatus,
    ServiceUnit,
    Stakeholder,
)


def _fig(label: Any, value: Any, kind: str = "number") -> dict:
    return {"label": label, "value": value, "type": kind}


def agency_figures(slug: str) -> dict[str, Any]:
    """Key figures and short lists for the public page of one agency."""
    out: dict[str, Any] = {"figures": [], "lists": []}
    if slug == "governance":
        ms = selectors.milestone_summary()
        out["figures"] = [
            _fig(_("Tappe del piano"), ms["total"]),
            _fig(_("Tappe completate"), ms["done"]),
            _fig(_("Tappe in ritardo"), ms["late"]),
            _fig(_("Accordi e patti pubblicati"), Agreement.objects.filter(published=True).count()),
            _fig(
                _("Tavoli di co-programmazione e co-progettazione"), CoDesignRound.objects.count()
            ),
            _fig(_("Portatori di interesse mappati"), Stakeholder.objects.count()),
        ]
        out["plan"] = selectors.plan_by_action()
        out["agreements"] = selectors.agreements_public()[:20]
    elif slug == "risorse-umane":
        people = selectors.people_totals()
        training = selectors.training_totals()
        out["figures"] = [
            _fig(_("Personale (persone)"), people["staff"]),
            _fig(_("Volontari"), people["volunteers"]),
            _fig(_("Ore di volontariato"), people["volunteer_hours"]),
            _fig(_("Corsi di formazione"), training["courses"]),
            _fig(_("Ore di formazione"), training["hours"]),
            _fig(_("Partecipanti alla formazione"), training["participants"]),
        ]
        out["volunteer_calls"] = selectors.volunteer_calls_public()[:10]
    elif slug == "conoscenza":
        counts = dict(
            Need.objects.filter(published=True).values_list("status").annotate(n=Count("pk"))
        )
        out["figures"] = [
            _fig(_("Bisogni con risposta"), counts.get(NeedStatus.ANSWERED, 0)),
            _fig(_("Bisogni con risposta parziale"), counts.get(NeedStatus.PARTLY, 0)),
            _fig(_("Bisogni senza risposta"), counts.get(NeedStatus.NONE, 0)),
            _fig(_("Unità di offerta mappate"), ServiceUnit.objects.filter(active=True).count()),
            _fig(
                _("Ricerche e buone pratiche"),
                LibraryDocument.objects.filter(published=True).count(),
            ),
        ]
    elif slug == "comunicazione":
        reach = selectors.campaigns_reach()
        out["figures"] = [
            _fig(_("Campagne di comunicazione"), reach["n"]),
            _fig(_("Persone raggiunte (misurate)"), reach["reach"]),
            _fig(_("Eventi in programma"), selectors.events_upcoming().count()),
        ]
        out["news"] = selectors.news_public()[:5]
        out["events"] = selectors.events_upcoming()[:5]
    elif slug == "finanza":
        res = selectors.resources_by_sector()
        fr = selectors.fundraising_totals()
        grants = selectors.grants_summary()
        out["figures"] = [
            _fig(_("Risorse pubbliche"), res["public"], "money"),
            _fig(_("Risorse private"), res["private"], "money"),
            _fig(_("Contributo principale"), res["main_grant"], "money"),
            _fig(
                _("Leva: euro raccolti per euro del contributo principale"),
                round(res["leverage"], 2) if res["leverage"] is not None else "—",
                "number" if res["leverage"] is not None else "text",
            ),
            _fig(_("Raccolte fondi: totale donato"), fr["raised"], "money"),
            _fig(_("Contributi assegnati con i bandi"), grants["total"], "money"),
        ]
        out["sources"] = selectors.resources_by_source()
        out["budget"] = selectors.budget_vs_spending_by("azione__name")
        out["calls"] = selectors.calls_public()[:5]
    return out


def azione_figures(azione: Azione) -> dict[str, Any]:
    """The cantiere's approved activities, participants and volunteers, summed from the
    summary table (cantieri/summary.py: period × azione × quartiere, people split in whole
    numbers that add up to each record's count, `records_primary` counting a record once), so
    the page reads a few hundred summary rows, never the activity table (issue 14)."""
    summary.ensure_fresh(allow_rebuild=False)
    agg = ActivityFact.objects.filter(azione=azione).aggregate(
        activities=Coalesce(Sum("records_primary"), 0),
        participants=Coalesce(Sum("participants"), 0.0),
        volunteers=Coalesce(Sum("volunteers"), 0.0),
    )
    agg = {k: round(v) for k, v in agg.items()}
    year = timezone.localdate().year
    return {
        "figures": [
            _fig(_("Attività approvate"), agg["activities"]),
            _fig(_("Partecipanti"), agg["participants"]),
            _fig(_("Volontari coinvolti"), agg["volunteers"]),
        ],
        "objectives": azione.objectives.prefetch_related("milestones"),
        "year": year,
        "needs": Need.objects.filter(published=True)
        .filter(Q(activities__azione=azione))
        .distinct()[:10],
    }
