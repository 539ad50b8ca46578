"""The agencies' block of the Bilancio's "identita" section (registered in apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from citta_del_noi.reporting.bilancio import DataBlock, Period
from citta_del_noi.reporting.blocks import Block

from .models import Agency


def agencies_block(period: Period) -> Block:
    rows = [
        {"_key": a["slug"], "agenzia": a["name"], "funzione": a["function"], "ente": a["lead"]}
        for a in Agency.objects.order_by("order").values("slug", "name", "function", "lead")
    ]
    if not rows:
        return {"kind": "empty", "note": _g("Le agenzie non sono ancora state registrate.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "agenzia", "label": _g("Agenzia"), "type": "text"},
            {"key": "funzione", "label": _g("Funzione"), "type": "text"},
            {"key": "ente", "label": _g("Ente di riferimento"), "type": "text"},
        ],
        "rows": rows,
    }


IDENTITY_BLOCKS = [
    DataBlock(key="agenzie", title=_("Le cinque agenzie"), provider=agencies_block, order=20)
]
