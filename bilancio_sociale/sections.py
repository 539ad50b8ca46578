"""The sections bilancio_sociale registers itself: methodology, identity, the city, participation,
other information, improvement goals and glossary (cantieri registers the index of indicators).

Each provider takes the edition's `Period` and returns plain JSON-able data aggregated in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from citta_del_noi.reporting.blocks import Block, KeyFigure

from . import monitoring
from .registry import DataBlock, Period, register_key_figures, register_section
from .selectors import participation_figures


def _empty(note: str) -> Block:
    return {"kind": "empty", "note": note}


# --- nota metodologica ----------------------------------------------------------------------


def methodology_block(period: Period) -> Block:
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


# --- partecipazione -------------------------------------------------------------------------


def participation_summary_block(period: Period) -> Block:

    data = participation_figures(period)
    if data is None:
        return _empty(_g("La consultazione per questo periodo non è ancora stata aperta."))
    return data["summary"]


def participation_answers_block(period: Period) -> Block:

    data = participation_figures(period)
    if data is None:
        return _empty(_g("La consultazione per questo periodo non è ancora stata aperta."))
    return data["answers"]


def improvement_block(period: Period) -> Block:
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


def glossary_block(period: Period) -> Block:
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
ACTIVITY_KEY_FIGURES: list[KeyFigure] = [
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
    # The blocks of "identita", "citta" and "altre-informazioni" come from the apps that own
    # the data (cantieri/bilancio_context.py, agencies/bilancio_identity.py).
    register_section(
        key="identita",
        title=_("Identità: missione e partenariato"),
        order=20,
        blocks=[],
    )
    register_section(
        key="citta",
        title=_("La città: dati di contesto"),
        order=25,
        blocks=[],
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
        blocks=[],
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
