"""The sections bilancio_sociale registers itself: methodology, identity, the city, participation,
other information, improvement goals and glossary (cantieri registers the index of indicators).

Each provider takes the edition's `Period` and returns plain JSON-able data aggregated in SQL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from . import monitoring
from .registry import DataBlock, Period, register_key_figures, register_section


def _empty(note: str) -> dict[str, Any]:
    return {"kind": "empty", "note": note}


# --- nota metodologica ----------------------------------------------------------------------


def methodology_block(period: Period) -> dict[str, Any]:
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "inizio",
                "label": _g("Inizio del periodo rendicontato"),
                "value": period.start.strftime("%d/%m/%Y"),
                "type": "text",
            },
            {
                "key": "fine",
                "label": _g("Fine del periodo rendicontato"),
                "value": period.end.strftime("%d/%m/%Y"),
                "type": "text",
            },
            {
                "key": "soglia",
                "label": _g("Soglia di riservatezza per i conteggi di persone"),
                "value": int(settings.DISCLOSURE_THRESHOLD),
                "type": "number",
            },
            {
                "key": "soglia-sensibile",
                "label": _g("Soglia per i dati sensibili (es. persone con disabilità)"),
                "value": int(settings.DISCLOSURE_THRESHOLD_SENSITIVE),
                "type": "number",
            },
        ],
        "note": _g(
            "Struttura secondo le Linee guida per il bilancio sociale degli ETS (DM 4 luglio "
            "2019) adattate a un programma pubblico. Sono conteggiate solo le schede attività "
            "approvate dal Comune. I conteggi di persone inferiori alla soglia sono indicati come "
            "«< %(normal)s» (o «< %(sensitive)s» per i dati sensibili); «n.d.» indica un valore "
            "non diffuso perché permetterebbe di ricalcolare un valore riservato dai totali."
        )
        % {
            "normal": int(settings.DISCLOSURE_THRESHOLD),
            "sensitive": int(settings.DISCLOSURE_THRESHOLD_SENSITIVE),
        },
        "source": _g("Portale Brescia Città del Noi"),
    }


# --- identità -------------------------------------------------------------------------------


def actions_block(period: Period) -> dict[str, Any]:
    from cantieri.models import Azione

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


def agencies_block(period: Period) -> dict[str, Any]:
    from agencies.models import Agency

    rows = [
        {"_key": a["slug"], "agenzia": a["name"], "funzione": a["function"], "ente": a["lead"]}
        for a in Agency.objects.order_by("order").values("slug", "name", "function", "lead")
    ]
    if not rows:
        return _empty(_g("Le agenzie non sono ancora state registrate."))
    return {
        "kind": "table",
        "columns": [
            {"key": "agenzia", "label": _g("Agenzia"), "type": "text"},
            {"key": "funzione", "label": _g("Funzione"), "type": "text"},
            {"key": "ente", "label": _g("Ente di riferimento"), "type": "text"},
        ],
        "rows": rows,
    }


def partnership_block(period: Period) -> dict[str, Any]:
    from cantieri.selectors import organizations_with_approved_records
    from citta_del_noi.organizations.models import LegalForm, Organization

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


# --- la città -------------------------------------------------------------------------------


def _population_qs(period: Period) -> QuerySet[Any]:
    from territori.models import PopolazioneQuartiere, Quartiere

    latest = PopolazioneQuartiere.objects.filter(
        quartiere=OuterRef("pk"), year__lte=period.end.year
    ).order_by("-year")
    return Quartiere.objects.annotate(
        residents=Subquery(latest.values("residents")[:1]),
        foreign=Subquery(latest.values("foreign_residents")[:1]),
        pop_year=Subquery(latest.values("year")[:1]),
    )


def population_by_zone_block(period: Period) -> dict[str, Any]:
    from territori.models import Zona

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
    from territori.models import PuntoComunita

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


def population_by_quartiere_block(period: Period) -> dict[str, Any]:
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


# --- partecipazione -------------------------------------------------------------------------


def participation_summary_block(period: Period) -> dict[str, Any]:
    from .selectors import participation_figures

    data = participation_figures(period)
    if data is None:
        return _empty(_g("La consultazione per questo periodo non è ancora stata aperta."))
    return data["summary"]


def participation_answers_block(period: Period) -> dict[str, Any]:
    from .selectors import participation_figures

    data = participation_figures(period)
    if data is None:
        return _empty(_g("La consultazione per questo periodo non è ancora stata aperta."))
    return data["answers"]


# --- altre informazioni ---------------------------------------------------------------------


def corrections_block(period: Period) -> dict[str, Any]:
    from cantieri.models import ActivityCorrection

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


def improvement_block(period: Period) -> dict[str, Any]:
    return _empty(
        _g("Gli obiettivi di miglioramento non sono dati registrati: sono descritti nel testo.")
    )


# --- glossario ------------------------------------------------------------------------------

GLOSSARY = [
    (
        "azione-sistema",
        _("Azione di sistema"),
        _("L'azione 1 del programma: allineamento, integrazione e governance."),
    ),
    (
        "cantiere",
        _("Cantiere"),
        _("Ciascuna delle sei azioni tematiche (azioni 2–7) del programma."),
    ),
    (
        "agenzia",
        _("Agenzia"),
        _(
            "Funzione trasversale che sostiene le azioni: governance, risorse umane, conoscenza, "
            "comunicazione, finanza."
        ),
    ),
    (
        "punto-comunita",
        _("Punto Comunità"),
        _(
            "Sportello di quartiere gestito da volontari, in accordo con il Servizio Sociale "
            "Territoriale."
        ),
    ),
    (
        "sst",
        _("Servizio Sociale Territoriale (SST)"),
        _("L'ufficio dei servizi sociali del Comune che serve una zona della città."),
    ),
    (
        "beneficiari-diretti",
        _("Beneficiari diretti"),
        _("Le persone che hanno partecipato alle attività."),
    ),
    (
        "beneficiari-indiretti",
        _("Beneficiari indiretti"),
        _("Le persone che traggono vantaggio dalle attività senza parteciparvi (es. familiari)."),
    ),
    ("output", _("Output"), _("Ciò che un'attività produce: incontri, ore, partecipanti.")),
    (
        "outcome",
        _("Outcome"),
        _("Il cambiamento ottenuto, misurato rispetto a un valore di partenza (baseline)."),
    ),
    ("baseline", _("Baseline"), _("Il valore di un indicatore all'inizio del programma.")),
    (
        "coprogrammazione",
        _("Co-programmazione"),
        _(
            "Il confronto tra Comune e Terzo settore sui bisogni e sulle risposte (art. 55 del "
            "Codice del Terzo settore)."
        ),
    ),
    (
        "nd",
        _("n.d."),
        _("Valore non diffuso perché permetterebbe di ricalcolare un dato riservato."),
    ),
]


def glossary_block(period: Period) -> dict[str, Any]:
    return {
        "kind": "table",
        "columns": [
            {"key": "termine", "label": _g("Termine"), "type": "text"},
            {"key": "definizione", "label": _g("Definizione"), "type": "text"},
        ],
        "rows": [{"_key": k, "termine": str(t), "definizione": str(d)} for k, t, d in GLOSSARY],
    }


# "In breve": the key figures of the activity blocks (registered by cantieri), read from the
# per-cantiere table's totals, after disclosure control like the table itself.
ACTIVITY_KEY_FIGURES = [
    {
        "key": "attivita",
        "total": "attivita",
        "order": 10,
        "label": _("Attività approvate"),
        "description": _(
            "Incontri, laboratori e servizi delle sette azioni, approvati dal Comune."
        ),
    },
    {
        "key": "partecipanti",
        "total": "partecipanti",
        "order": 20,
        "label": _("Partecipanti"),
        "description": _(
            "Presenze nelle attività: chi ha partecipato a più attività è contato più volte."
        ),
    },
    {
        "key": "volontari",
        "total": "volontari",
        "order": 40,
        "label": _("Volontari"),
        "description": _("Persone che hanno dato il loro tempo alle attività, senza compenso."),
    },
    {
        "key": "ore_volontariato",
        "total": "ore_volontariato",
        "order": 45,
        "label": _("Ore di volontariato"),
        "description": _("Il tempo donato dai volontari nelle attività."),
    },
]


def register() -> None:
    register_key_figures("obiettivi-attivita", "per-cantiere", ACTIVITY_KEY_FIGURES)
    register_section(
        key="nota-metodologica",
        title=_("Nota metodologica"),
        order=10,
        blocks=[
            DataBlock(
                key="metodo", title=_("Periodo, fonti e riservatezza"), provider=methodology_block
            )
        ],
    )
    register_section(
        key="identita",
        title=_("Identità: missione e partenariato"),
        order=20,
        blocks=[
            DataBlock(key="azioni", title=_("Le sette azioni"), provider=actions_block),
            DataBlock(key="agenzie", title=_("Le cinque agenzie"), provider=agencies_block),
            DataBlock(
                key="partenariato",
                title=_("Il partenariato per forma giuridica"),
                provider=partnership_block,
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
        ],
    )
    register_section(
        key="citta",
        title=_("La città: dati di contesto"),
        order=25,
        blocks=[
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
        ],
    )
    register_section(
        key="partecipazione",
        title=_("Come è stato costruito questo bilancio"),
        order=80,
        blocks=[
            DataBlock(
                key="sintesi",
                title=_("Chi ha partecipato"),
                provider=participation_summary_block,
                key_figures=(
                    {
                        "key": "contributi",
                        "total": "contributi",
                        "order": 70,
                        "label": _("Contributi alla consultazione"),
                        "description": _(
                            "Commenti di cittadini, partner e consiglieri su questo bilancio, "
                            "ognuno con una risposta pubblica."
                        ),
                    },
                ),
            ),
            DataBlock(
                key="risposte",
                title=_("I contributi e le risposte"),
                provider=participation_answers_block,
            ),
        ],
    )
    register_section(
        key="altre-informazioni",
        title=_("Altre informazioni"),
        order=85,
        blocks=[
            DataBlock(
                key="correzioni", title=_("Verificabilità dei dati"), provider=corrections_block
            )
        ],
    )
    register_section(
        key="obiettivi-miglioramento",
        title=_("Obiettivi di miglioramento"),
        order=90,
        blocks=[
            DataBlock(
                key="obiettivi",
                title=_("Obiettivi per la prossima edizione"),
                provider=improvement_block,
            )
        ],
    )
    # DM 4/7/2019, section 8: entered by staff (monitoring.py), no data block of its own
    register_section(
        key=monitoring.SECTION,
        title=monitoring.TITLE,
        order=92,
        blocks=[],
        description=_(
            "Chi ha svolto il monitoraggio, l'attestazione di conformità alle linee guida e le "
            "eventuali osservazioni dell'organo di controllo."
        ),
    )
    register_section(
        key="glossario",
        title=_("Glossario"),
        order=95,
        blocks=[
            DataBlock(key="termini", title=_("Termini usati nel bilancio"), provider=glossary_block)
        ],
    )
