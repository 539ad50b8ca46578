"""CSV and XLSX export of a filtered list of activity records.

The rows come from the same selector as the list page (`activities_filtered_for`), so an export
never shows more than the viewer may see. Every cell goes through the portal's one formula
neutraliser (citta_del_noi/common/spreadsheets.py): text that a spreadsheet would read as a formula
(starting with =, +, -, @, tab or carriage return) gets an apostrophe in front.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from citta_del_noi.common.spreadsheets import CsvEcho, SafeCsvWriter, xlsx_row

from .models import ActivityRecord, AgeBand

logger = logging.getLogger(__name__)


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
            out.append(value)
        yield out


INCOMPLETE_MARKER = gettext_lazy(
    "ERRORE: esportazione interrotta, il file è incompleto. Riprova o chiedi l'esportazione "
    "come lavoro in background."
)


def header() -> list[str]:
    return [str(label) for _k, label in columns()]


def csv_lines(qs: QuerySet[ActivityRecord]) -> Iterator[str]:
    writer = SafeCsvWriter(CsvEcho())
    yield "\ufeff" + writer.writerow(header())
    for row in _rows(qs):
        yield writer.writerow(row)


def csv_stream(qs: QuerySet[ActivityRecord], lines: Any = None) -> Iterator[str]:
    """The CSV for a StreamingHttpResponse. If producing it fails midway (database error,
    statement timeout...), the last line says so and the error is raised again, so the server
    aborts the connection: the download ends in error, never as a clean but partial file."""
    try:
        yield from (lines or csv_lines)(qs)
    except Exception:
        logger.exception("Activity CSV export failed midway")
        yield "\r\n" + SafeCsvWriter(CsvEcho()).writerow([str(INCOMPLETE_MARKER)])
        raise


def write_csv(qs: QuerySet[ActivityRecord], handle: IO[bytes], on_row: Any = None) -> int:
    """Write the CSV to a binary file; returns the number of data rows."""
    lines = csv_lines(qs)
    handle.write(next(lines).encode("utf-8"))
    count = 0
    for line in lines:
        handle.write(line.encode("utf-8"))
        count += 1
        if on_row is not None:
            on_row(count)
    return count


def write_xlsx(qs: QuerySet[ActivityRecord], handle: IO[bytes], on_row: Any = None) -> int:
    """Write the XLSX in openpyxl's write-only mode (rows go to disk as they come: memory stays
    flat in the number of rows); returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Attività")[:31])
    ws.append(xlsx_row(ws, header(), font=Font(bold=True)))
    count = 0
    for row in _rows(qs):
        ws.append(xlsx_row(ws, row))
        count += 1
        if on_row is not None:
            on_row(count)
    wb.save(handle)
    return count


def xlsx_bytes(qs: QuerySet[ActivityRecord]) -> bytes:
    buf = io.BytesIO()
    write_xlsx(qs, buf)
    return buf.getvalue()
