"""The agencies' blocks of the council dashboard (citta_del_noi/reporting/dashboard.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.reporting.dashboard import register_block

from .. import selectors
from ._common import _money

# --- council dashboard (citta_del_noi/reporting/dashboard.py) ---------------------------------


def dashboard_budget(filters: Any) -> dict | None:
    start = getattr(filters, "period_start", None)
    end = getattr(filters, "period_end", None)
    rows = selectors.budget_vs_spending_by(
        "azione__name",
        year=start.year if start else None,
        end_year=end.year if end else None,
        azione_id=getattr(filters, "azione_id", None),
    )
    if not rows:
        return None
    return {
        "caption": _("Budget e spesa per azione (euro)"),
        "columns": [
            {"key": "azione", "label": _("Azione")},
            {"key": "budget", "label": _("Budget")},
            {"key": "impegnato", "label": _("Impegnato")},
            {"key": "speso", "label": _("Speso")},
        ],
        "rows": [
            {
                "azione": r["azione__name"] or _("Trasversale (agenzie)"),
                "budget": _money(r["budget"]),
                "impegnato": _money(r["committed_sum"]),
                "speso": _money(r["paid_sum"]),
            }
            for r in rows
        ],
    }


def dashboard_needs(filters: Any) -> dict | None:
    rows = selectors.needs_without_answer_by_quartiere(zona_id=getattr(filters, "zona_id", None))
    if not rows:
        return None
    return {
        "caption": _("Bisogni senza risposta per quartiere"),
        "columns": [
            {"key": "zona", "label": _("Zona")},
            {"key": "quartiere", "label": _("Quartiere")},
            {"key": "bisogni", "label": _("Bisogni senza risposta")},
        ],
        "rows": [
            {
                "zona": r["quartieri__zona__name"] or "—",
                "quartiere": r["quartieri__name"] or _("Intera città"),
                "bisogni": r["n"],
            }
            for r in rows
        ],
    }


def dashboard_training(filters: Any) -> dict | None:
    t = selectors.training_totals(
        start=getattr(filters, "period_start", None), end=getattr(filters, "period_end", None)
    )
    if not t["courses"]:
        return None
    return {
        "caption": _("Formazione"),
        "columns": [
            {"key": "corsi", "label": _("Corsi")},
            {"key": "ore", "label": _("Ore di formazione")},
            {"key": "partecipanti", "label": _("Partecipanti")},
        ],
        "rows": [
            {"corsi": t["courses"], "ore": _money(t["hours"]), "partecipanti": t["participants"]}
        ],
    }


def register_dashboard_blocks() -> None:
    register_block(
        "agenzie-budget",
        gettext_lazy("Budget e spesa per azione"),
        provider=dashboard_budget,
        order=110,
    )
    register_block(
        "agenzie-bisogni",
        gettext_lazy("Bisogni senza risposta per quartiere"),
        provider=dashboard_needs,
        order=120,
    )
    register_block(
        "agenzie-formazione",
        gettext_lazy("Ore di formazione"),
        provider=dashboard_training,
        order=130,
    )
