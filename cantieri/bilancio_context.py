"""The Bilancio Sociale's context blocks whose data cantieri holds or presents (registered in
apps.py into the Bilancio's sections "identita", "citta" and "altre-informazioni"): the
actions, the partnership by legal form, the city's population and Punti Comunità (territori is
the ground layer and registers nothing itself), the documented corrections of closed records.

Each provider takes the edition's `Period` and returns a `Block` aggregated in SQL.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from citta_del_noi.organizations.models import LegalForm, Organization
from citta_del_noi.reporting.bilancio import DataBlock, Period
from citta_del_noi.reporting.blocks import Block
from territori.models import PopolazioneQuartiere, PuntoComunita, Quartiere, Zona

from .models import ActivityCorrection, Azione
from .selectors import organizations_with_approved_records


def _empty(note: str) -> Block:
    return {"kind": "empty", "note": note}


def current_actions() -> list[tuple[str, str]]:
    """(slug, "N. name") of the actions recorded now: what staff can write about."""
    return [
        (a["slug"], f"{a['number']}. {a['name']}")
        for a in Azione.objects.order_by("number").values("slug", "number", "name")
    ]


def actions_block(period: Period) -> Block:
    rows = [
        {
            "_key": a["slug"],
            "numero": a["number"],
            "nome": a["name"],
            "tipo": str(Azione.Kind(a["kind"]).label),
            "tema": a["theme"],
        }
        for a in Azione.objects.order_by("number").values("slug", "number", "name", "kind", "theme")
    ]
    if not rows:
        return _empty(_g("Le azioni non sono ancora state registrate."))
    return {
        "kind": "table",
        "columns": [
            {"key": "numero", "label": _g("N."), "type": "number"},
            {"key": "nome", "label": _g("Azione"), "type": "text"},
            {"key": "tipo", "label": _g("Tipo"), "type": "text"},
            {"key": "tema", "label": _g("Tema"), "type": "text"},
        ],
        "rows": rows,
    }


def partnership_block(period: Period) -> Block:

    # The summary of approved records per organisation (cantieri): flat in the number of records.
    active = Q(pk__in=organizations_with_approved_records(period.start, period.end))
    counts = (
        Organization.objects.filter(active=True)
        .values("legal_form")
        .annotate(
            totale=Count("pk"),
            partner=Count("pk", filter=Q(is_project_partner=True)),
            attive=Count("pk", filter=active),
        )
        .order_by("legal_form")
    )
    labels = dict(LegalForm.choices)
    rows = [
        {
            "_key": c["legal_form"],
            "forma": str(labels.get(c["legal_form"], c["legal_form"])),
            "organizzazioni": c["totale"],
            "partner": c["partner"],
            "attive": c["attive"],
        }
        for c in counts
    ]
    if not rows:
        return _empty(_g("Nessuna organizzazione registrata."))
    return {
        "kind": "table",
        "columns": [
            {"key": "forma", "label": _g("Forma giuridica"), "type": "text"},
            {"key": "organizzazioni", "label": _g("Organizzazioni"), "type": "number"},
            {"key": "partner", "label": _g("Partner del progetto"), "type": "number"},
            {"key": "attive", "label": _g("Con attività approvate nel periodo"), "type": "number"},
        ],
        "rows": rows,
        "totals": {
            "organizzazioni": sum(r["organizzazioni"] for r in rows),
            "partner": sum(r["partner"] for r in rows),
            "attive": sum(r["attive"] for r in rows),
        },
        "chart": {"type": "bar", "x": "forma", "series": ["organizzazioni"]},
    }


def _population_qs(period: Period) -> QuerySet[Any]:
    latest = PopolazioneQuartiere.objects.filter(
        quartiere=OuterRef("pk"), year__lte=period.end.year
    ).order_by("-year")
    return Quartiere.objects.annotate(
        residents=Subquery(latest.values("residents")[:1]),
        foreign=Subquery(latest.values("foreign_residents")[:1]),
        pop_year=Subquery(latest.values("year")[:1]),
    )


def population_by_zone_block(period: Period) -> Block:
    per_q = list(_population_qs(period).values("zona_id", "residents", "pop_year"))
    zones = list(Zona.objects.order_by("order").values("pk", "slug", "name"))
    if not zones:
        return _empty(_g("Zone e quartieri non ancora caricati."))
    by_zone: dict[int, dict[str, int]] = {z["pk"]: {"q": 0, "res": 0} for z in zones}
    years = set()
    for q in per_q:  # 33 rows: the aggregation over records happens elsewhere, in SQL
        agg = by_zone.setdefault(q["zona_id"], {"q": 0, "res": 0})
        agg["q"] += 1
        agg["res"] += q["residents"] or 0
        if q["pop_year"]:
            years.add(q["pop_year"])
    punti = dict(
        PuntoComunita.objects.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=period.end),
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start),
        )
        .values_list("quartiere__zona_id")
        .annotate(n=Count("pk"))
    )
    rows = [
        {
            "_key": z["slug"],
            "zona": z["name"],
            "quartieri": by_zone[z["pk"]]["q"],
            "residenti": by_zone[z["pk"]]["res"],
            "punti": punti.get(z["pk"], 0),
        }
        for z in zones
    ]
    if not any(r["residenti"] for r in rows):
        note = _g("La popolazione per quartiere non è ancora registrata per questo periodo.")
    else:
        note = _g("Residenti all'ultimo anno disponibile: %(anni)s.") % {
            "anni": ", ".join(str(y) for y in sorted(years))
        }
    return {
        "kind": "table",
        "columns": [
            {"key": "zona", "label": _g("Zona"), "type": "text"},
            {"key": "quartieri", "label": _g("Quartieri"), "type": "number"},
            {"key": "residenti", "label": _g("Residenti"), "type": "number"},
            {"key": "punti", "label": _g("Punti Comunità attivi"), "type": "number"},
        ],
        "rows": rows,
        "totals": {
            "quartieri": sum(r["quartieri"] for r in rows),
            "residenti": sum(r["residenti"] for r in rows),
            "punti": sum(r["punti"] for r in rows),
        },
        "chart": {"type": "bar", "x": "zona", "series": ["residenti"]},
        "note": note,
        "source": _g("Comune di Brescia, Ufficio statistica"),
    }


def population_by_quartiere_block(period: Period) -> Block:
    rows = [
        {
            "_key": q["slug"],
            "quartiere": q["name"],
            "zona": q["zona__name"],
            "residenti": q["residents"],
            "stranieri": q["foreign"],
            "anno": q["pop_year"],
        }
        for q in _population_qs(period)
        .order_by("zona__order", "name")
        .values("slug", "name", "zona__name", "residents", "foreign", "pop_year")
    ]
    if not rows:
        return _empty(_g("Zone e quartieri non ancora caricati."))
    if not any(r["residenti"] for r in rows):
        return _empty(_g("La popolazione per quartiere non è ancora registrata."))
    return {
        "kind": "table",
        "columns": [
            {"key": "quartiere", "label": _g("Quartiere"), "type": "text"},
            {"key": "zona", "label": _g("Zona"), "type": "text"},
            {"key": "residenti", "label": _g("Residenti"), "type": "number"},
            {"key": "stranieri", "label": _g("Residenti stranieri"), "type": "number"},
            {"key": "anno", "label": _g("Anno del dato"), "type": "text"},
        ],
        "rows": rows,
        "source": _g("Comune di Brescia, Ufficio statistica"),
    }


def corrections_block(period: Period) -> Block:
    qs = ActivityCorrection.objects.filter(
        activity__period_start__lte=period.end, activity__period_end__gte=period.start
    )
    agg = qs.aggregate(n=Count("pk"), schede=Count("activity_id", distinct=True))
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "correzioni",
                "label": _g("Correzioni documentate di schede già chiuse"),
                "value": agg["n"] or 0,
                "type": "number",
            },
            {
                "key": "schede-corrette",
                "label": _g("Schede attività corrette"),
                "value": agg["schede"] or 0,
                "type": "number",
            },
        ],
        "note": _g(
            "Ogni correzione di una scheda di un periodo chiuso è documentata (chi, quando, "
            "perché) e riapre la revisione: i dati restano verificabili."
        ),
    }


IDENTITY_BLOCKS = [
    DataBlock(key="azioni", title=_("Le sette azioni"), provider=actions_block, order=10),
    DataBlock(
        key="partenariato",
        title=_("Il partenariato per forma giuridica"),
        provider=partnership_block,
        order=30,
        key_figures=(
            {
                "key": "organizzazioni_attive",
                "total": "attive",
                "order": 30,
                "label": _("Organizzazioni attive"),
                "description": _(
                    "Associazioni, cooperative ed enti con almeno un'attività approvata."
                ),
            },
        ),
    ),
]
CITY_BLOCKS = [
    DataBlock(
        key="zone",
        title=_("Residenti e Punti Comunità per zona"),
        provider=population_by_zone_block,
    ),
    DataBlock(
        key="quartieri",
        title=_("Residenti per quartiere"),
        provider=population_by_quartiere_block,
    ),
]
OTHER_BLOCKS = [
    DataBlock(key="correzioni", title=_("Verificabilità dei dati"), provider=corrections_block)
]
