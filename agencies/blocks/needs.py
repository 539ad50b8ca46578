"""Bilancio Sociale sections on needs and stakeholders."""

from __future__ import annotations

from django.utils.translation import gettext as _

from citta_del_noi.reporting.bilancio import Period
from citta_del_noi.reporting.blocks import Block

from .. import selectors
from ..models import (
    Frequency,
    Involvement,
    NeedStatus,
    NoAnswerReason,
    StakeholderGroup,
)


def bs_needs(period: Period) -> Block:
    rows = selectors.needs_by_status(end=period.end)
    labels = dict(NeedStatus.choices)
    if not rows:
        return {"kind": "empty", "note": _("Il registro dei bisogni è vuoto.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "stato", "label": _("Stato"), "type": "text"},
            {"key": "bisogni", "label": _("Bisogni"), "type": "number"},
        ],
        "rows": [
            {"stato": str(labels.get(r["status"], r["status"])), "bisogni": r["n"]} for r in rows
        ],
        # "In breve" (Bilancio Sociale): cells of this table (a status with no need counts 0).
        "key_figures": [
            {
                "key": "bisogni_con_risposta",
                "row": str(labels[NeedStatus.ANSWERED]),
                "column": "bisogni",
                "default": 0,
                "order": 60,
                "label": _("Bisogni con una risposta"),
                "description": _("Bisogni segnalati nei quartieri a cui il programma ha risposto."),
            },
            {
                "key": "bisogni_senza_risposta",
                "row": str(labels[NeedStatus.NONE]),
                "column": "bisogni",
                "default": 0,
                "order": 65,
                "label": _("Bisogni ancora senza risposta"),
                "description": _(
                    "Bisogni segnalati che attendono ancora una risposta: il bilancio dice perché."
                ),
            },
        ],
    }


def bs_needs_unanswered(period: Period) -> Block:
    rows = selectors.needs_without_answer_by_reason(end=period.end)
    status_labels = dict(NeedStatus.choices)
    reason_labels = dict(NoAnswerReason.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun bisogno senza risposta.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "stato", "label": _("Stato"), "type": "text"},
            {"key": "motivo", "label": _("Motivo"), "type": "text"},
            {"key": "bisogni", "label": _("Bisogni"), "type": "number"},
        ],
        "rows": [
            {
                "stato": str(status_labels.get(r["status"], r["status"])),
                "motivo": str(reason_labels.get(r["reason"], r["reason"] or "—")),
                "bisogni": r["n"],
            }
            for r in rows
        ],
    }


def bs_stakeholders(period: Period) -> Block:
    groups = dict(StakeholderGroup.choices)
    inv = dict(Involvement.choices)
    freq = dict(Frequency.choices)
    rows = list(selectors.stakeholders_map().values("name", "group", "involvement", "frequency"))
    if not rows:
        return {"kind": "empty", "note": _("La mappa dei portatori di interesse è vuota.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "chi", "label": _("Portatore di interesse"), "type": "text"},
            {"key": "gruppo", "label": _("Gruppo"), "type": "text"},
            {"key": "coinvolgimento", "label": _("Coinvolgimento"), "type": "text"},
            {"key": "frequenza", "label": _("Frequenza"), "type": "text"},
        ],
        "rows": [
            {
                "chi": r["name"],
                "gruppo": str(groups.get(r["group"], r["group"])),
                "coinvolgimento": str(inv.get(r["involvement"], r["involvement"])),
                "frequenza": str(freq.get(r["frequency"], r["frequency"])),
            }
            for r in rows
        ],
    }
