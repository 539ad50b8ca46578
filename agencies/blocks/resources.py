"""Bilancio Sociale sections on the agencies' resources and spending."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from citta_del_noi.reporting.bilancio import Period
from citta_del_noi.reporting.blocks import Block, KeyFigure

from .. import selectors
from ._common import _money


def bs_resources(period: Period) -> Block:
    rows = selectors.resources_by_source(year=period.start.year, end_year=period.end.year)
    totals = selectors.resources_by_sector(year=period.start.year, end_year=period.end.year)
    if not rows:
        return {"kind": "empty", "note": _("Nessuno stanziamento registrato per il periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "fonte", "label": _("Fonte"), "type": "text"},
            {"key": "natura", "label": _("Natura"), "type": "text"},
            {"key": "importo", "label": _("Importo (€)"), "type": "money"},
        ],
        "rows": [
            {
                "fonte": r["source__name"],
                "natura": _("Pubblica") if r["source__sector"] == "pubblico" else _("Privata"),
                "importo": _money(r["total"]),
            }
            for r in rows
        ],
        "totals": {"importo": _money(totals["public"]) + _money(totals["private"])},
        "note": _("Risorse pubbliche: %(pub)s €; risorse private: %(priv)s €.")
        % {"pub": f"{_money(totals['public']):.2f}", "priv": f"{_money(totals['private']):.2f}"},
    }


def bs_leverage(period: Period) -> Block:
    t = selectors.resources_by_sector(year=period.start.year, end_year=period.end.year)
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "pubbliche",
                "label": _("Risorse pubbliche (€)"),
                "value": _money(t["public"]),
                "type": "money",
            },
            {
                "key": "private",
                "label": _("Risorse private (€)"),
                "value": _money(t["private"]),
                "type": "money",
            },
            {
                "key": "contributo",
                "label": _("Contributo principale (€)"),
                "value": _money(t["main_grant"]),
                "type": "money",
            },
            {
                "key": "leva",
                "label": _("Leva (euro raccolti per euro del contributo)"),
                "value": round(t["leverage"], 2) if t["leverage"] is not None else None,
                "type": "number",
            },
        ],
    }


def _spending_table(
    field: str, label: Any, period: Period, key_figures: list[KeyFigure] | None = None
) -> Block:
    rows = selectors.budget_vs_spending_by(field, year=period.start.year, end_year=period.end.year)
    if not rows:
        return {"kind": "empty", "note": _("Nessuna voce di bilancio registrata per il periodo.")}
    money = {
        "budget": sum(_money(r["budget"]) for r in rows),
        "impegnato": sum(_money(r["committed_sum"]) for r in rows),
        "speso": sum(_money(r["paid_sum"]) for r in rows),
    }
    return {
        "kind": "table",
        "columns": [
            {"key": "voce", "label": label, "type": "text"},
            {"key": "budget", "label": _("Budget (€)"), "type": "money"},
            {"key": "impegnato", "label": _("Impegnato (€)"), "type": "money"},
            {"key": "speso", "label": _("Speso (€)"), "type": "money"},
        ],
        "rows": [
            {
                "voce": r[field] or "—",
                "budget": _money(r["budget"]),
                "impegnato": _money(r["committed_sum"]),
                "speso": _money(r["paid_sum"]),
            }
            for r in rows
        ],
        "totals": {key: round(value, 2) for key, value in money.items()},
        "chart": {"type": "bar", "x": "voce", "series": ["budget", "speso"]},
        **({"key_figures": key_figures} if key_figures else {}),
    }


def bs_spending_azione(period: Period) -> Block:
    # "In breve" (Bilancio Sociale): the total spent, the same as this table's total.
    spent: KeyFigure = {
        "key": "speso",
        "total": "speso",
        "order": 50,
        "label": _("Fondi spesi"),
        "description": _("Quanto è stato pagato per le azioni del programma nel periodo."),
    }
    return _spending_table("azione__name", _("Azione"), period, key_figures=[spent])


def bs_spending_agency(period: Period) -> Block:
    return _spending_table("agency__name", _("Agenzia"), period)
