"""The empty spreadsheet partners fill in (XLSX or CSV)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from citta_del_noi.common.spreadsheets import csv_bytes, xlsx_append

from ..models import (
    ActivityKind,
    Azione,
    ReportingPeriod,
)
from .columns import REQUIRED, all_headers

# --- Template ------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    headers = all_headers()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Attività")[:31]
    bold = Font(bold=True)
    xlsx_append(ws, [h for _k, h, _kind, _doc in headers], font=bold)
    ws.freeze_panes = "B2"
    info = wb.create_sheet(_("Istruzioni")[:31])
    xlsx_append(info, [_("Colonna"), _("Obbligatoria"), _("Come compilarla")], font=bold)
    for key, header, _kind, doc in headers:
        xlsx_append(info, [header, _("sì") if key in REQUIRED else _("no"), doc])
    info.append([])
    xlsx_append(info, [_("Regole generali")])
    for rule in (
        _("Una riga per attività; la prima riga del foglio «Attività» contiene le intestazioni."),
        _("Solo numeri interi non negativi per i partecipanti; niente formule."),
        _("Le fasce d'età, la suddivisione per sesso e nuovi + già coinvolti sommano al totale."),
        _("Nessun dato personale dei beneficiari: il portale raccoglie solo numeri aggregati."),
        _("Periodi: %(names)s.")
        % {
            "names": ", ".join(
                ReportingPeriod.objects.order_by("start").values_list("name", flat=True)
            )
        },
        _("Azioni: %(names)s.")
        % {"names": "; ".join(f"{a.number} = {a.slug}" for a in Azione.objects.order_by("number"))},
        _("Tipi di attività: %(names)s.")
        % {
            "names": ", ".join(ActivityKind.objects.order_by("name").values_list("slug", flat=True))
        },
    ):
        xlsx_append(info, [rule])
    info.column_dimensions["A"].width = 40
    info.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_csv() -> bytes:
    return csv_bytes([[h for _k, h, _kind, _doc in all_headers()]])
