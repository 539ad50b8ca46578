"""CSV and XLSX export of a filtered list of activity records.

The rows come from the same selector as the list page (`activities_filtered_for`), so an export
never shows more than the viewer may see. Text cells that a spreadsheet would read as a formula
(starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import ActivityRecord, AgeBand

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def columns() -> list[tuple[str, str]]:
    return [
        ("pk", _("ID")),
        ("import_key", _("Codice riga")),
        ("organization", _("Organizzazione")),
        ("azione", _("Azione o cantiere")),
        ("kind", _("Tipo di attività")),
        ("reporting_period", _("Periodo di rendicontazione")),
        ("status", _("Stato")),
        ("title", _("Titolo")),
        ("period_start", _("Dal")),
        ("period_end", _("Al")),
        ("city_wide", _("Intera città")),
        ("quartieri", _("Quartieri")),
        ("participants_total", _("Partecipanti totali")),
        ("participants_new", _("Nuovi partecipanti")),
        ("participants_returning", _("Partecipanti già coinvolti")),
        ("participants_female", _("Femmine")),
        ("participants_male", _("Maschi")),
        ("participants_sex_unknown", _("Sesso non rilevato")),
        *[(band.value, str(band.label)) for band in AgeBand],
        ("volunteers", _("Volontari coinvolti")),
        ("volunteer_hours", _("Ore di volontariato")),
        ("staff_hours", _("Ore di personale retribuito")),
        ("in_kind_value", _("Valore beni in natura (€)")),
    ]


def _rows(qs: QuerySet[ActivityRecord]) -> Iterator[list[Any]]:
    cols = columns()
    records = qs.select_related("organization", "azione", "kind", "reporting_period")
    records = records.prefetch_related("quartieri")
    for a in records.iterator(chunk_size=2000):
        out: list[Any] = []
        for key, _label in cols:
            if key == "organization":
                value: Any = a.organization.name
            elif key == "azione":
                value = f"{a.azione.number}. {a.azione.name}"
            elif key == "kind":
                value = a.kind.name
            elif key == "reporting_period":
                value = a.reporting_period.name
            elif key == "status":
                value = a.get_status_display()
            elif key == "city_wide":
                value = _("sì") if a.city_wide else _("no")
            elif key == "quartieri":
                value = "; ".join(q.name for q in a.quartieri.all())
            else:
                value = getattr(a, key)
            out.append(neutralize(value))
        yield out


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(qs: QuerySet[ActivityRecord]) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([label for _k, label in columns()])
    for row in _rows(qs):
        yield writer.writerow(["" if v is None else v for v in row])


def xlsx_bytes(qs: QuerySet[ActivityRecord]) -> bytes:

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Attività")[:31])
    bold = Font(bold=True)
    header = []
    for _k, label in columns():
        cell = WriteOnlyCell(ws, value=label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in _rows(qs):
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
