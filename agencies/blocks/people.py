"""Bilancio Sociale sections on the agencies' people: staff and volunteers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from citta_del_noi.reporting.bilancio import Period
from citta_del_noi.reporting.blocks import Block

from .. import selectors
from ..models import (
    ContractType,
    StaffRole,
)

# --- Bilancio Sociale (citta_del_noi/reporting/bilancio.py) ----------------------------------


# What the staff counts are, for the edition-wide disclosure audit (bilancio_sociale/
# disclosure.py): the tables by role and by contract break down the "Personale" figure.
STAFF = {"measure": "staff"}


def bs_people(period: Period) -> Block:
    p = selectors.people_totals(start=period.start, end=period.end)
    t = selectors.training_totals(start=period.start, end=period.end)
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "personale",
                "label": _("Personale"),
                "value": p["staff"],
                "type": "people",
                "quantity": STAFF,
            },
            {
                "key": "personale_f",
                "label": _("di cui donne"),
                "value": p["staff_female"],
                "type": "people",
                "quantity": {**STAFF, "sex": "F"},
            },
            {
                "key": "volontari",
                "label": _("Volontari"),
                "value": p["volunteers"],
                "type": "people",
            },
            {
                "key": "ore_volontariato",
                "label": _("Ore di volontariato"),
                "value": float(p["volunteer_hours"]),
                "type": "number",
            },
            {
                "key": "corsi",
                "label": _("Corsi di formazione"),
                "value": t["courses"],
                "type": "number",
            },
            {
                "key": "ore_formazione",
                "label": _("Ore di formazione"),
                "value": float(t["hours"]),
                "type": "number",
            },
            {
                "key": "partecipanti_formazione",
                "label": _("Partecipanti alla formazione"),
                "value": t["participants"],
                "type": "people",
            },
        ],
        # For the edition-wide disclosure audit: the women are part of the staff.
        "relations": [{"total": STAFF, "parts": [{**STAFF, "sex": "F"}], "kind": "each_within"}],
        "note": _(
            "Volontari e ore sommano i volontari delle attività approvate e quelli registrati "
            "dall'agenzia Risorse umane fuori dalle attività: le due fonti non si sovrappongono."
        ),
    }


def bs_staff_by_role(period: Period) -> Block:
    rows = selectors.staff_by("role", start=period.start, end=period.end)
    labels = dict(StaffRole.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun dato sul personale registrato nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "ruolo", "label": _("Ruolo"), "type": "text"},
            {"key": "persone", "label": _("Persone"), "type": "people", "quantity": STAFF},
        ],
        "rows": [
            {
                "_quantity": {"role": r["role"]},
                "ruolo": str(labels.get(r["role"], r["role"])),
                "persone": r["total"],
            }
            for r in rows
        ],
        "rows_partition": True,
        "chart": {"type": "bar", "x": "ruolo", "series": ["persone"]},
    }


def bs_staff_by_contract(period: Period) -> Block:
    rows = selectors.staff_by("contract_type", start=period.start, end=period.end)
    labels = dict(ContractType.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun dato sul personale registrato nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "contratto", "label": _("Tipo di contratto"), "type": "text"},
            {"key": "persone", "label": _("Persone"), "type": "people", "quantity": STAFF},
        ],
        "rows": [
            {
                "_quantity": {"contract": r["contract_type"]},
                "contratto": str(labels.get(r["contract_type"], r["contract_type"])),
                "persone": r["total"],
            }
            for r in rows
        ],
        "rows_partition": True,
    }
