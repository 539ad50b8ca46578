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
from contextlib import nullcontext
from itertools import islice
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.common.spreadsheets import CsvEcho, SafeCsvWriter, XlsxStreamWriter
from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from .models import ActivityKind, ActivityRecord, ActivityStatus, AgeBand, Azione, ReportingPeriod

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


CHUNK = 5000  # rows fetched per round trip of the server-side cursor (and per quartieri lookup)

# The flat columns read from the database, in the order `_rows` reads them.
_FIELDS = (
    "pk",
    "import_key",
    "organization_id",
    "azione_id",
    "kind_id",
    "reporting_period_id",
    "status",
    "title",
    "period_start",
    "period_end",
    "city_wide",
)
_FIGURES = (
    "participants_total",
    "participants_new",
    "participants_returning",
    "participants_female",
    "participants_male",
    "participants_sex_unknown",
    *[band.value for band in AgeBand],
    "volunteers",
    "volunteer_hours",
    "staff_hours",
    "in_kind_value",
)


def _names() -> dict[str, dict[int, str]]:
    """The text of the related names, one query per (small) reference table, loaded once."""
    return {
        "organization": dict(Organization.objects.values_list("pk", "name")),
        "azione": {
            pk: f"{number}. {name}"
            for pk, number, name in Azione.objects.values_list("pk", "number", "name")
        },
        "kind": dict(ActivityKind.objects.values_list("pk", "name")),
        "reporting_period": dict(ReportingPeriod.objects.values_list("pk", "name")),
    }


def _quartieri_of(ids: list[int], quartieri: dict[int, tuple[Any, str]]) -> dict[int, str]:
    """ "; "-joined quartiere names of each record, in the quartieri's own order (zone, name)."""
    through = ActivityRecord.quartieri.through
    links: dict[int, list[int]] = {}
    pairs = through.objects.filter(activityrecord_id__in=ids).values_list(
        "activityrecord_id", "quartiere_id"
    )
    for record_id, quartiere_id in pairs:
        links.setdefault(record_id, []).append(quartiere_id)
    return {
        record_id: "; ".join(quartieri[q][1] for q in sorted(qs, key=lambda q: quartieri[q][0]))
        for record_id, qs in links.items()
    }


def _rows(qs: QuerySet[ActivityRecord], *, in_transaction: bool = True) -> Iterator[list[Any]]:
    """The export's rows as plain values: one flat SELECT read through a server-side cursor in
    CHUNK-row round trips (no model instances), the names of the related rows from dicts loaded
    once, the quartieri with one query per chunk. Inside a transaction, so that PostgreSQL's
    cursor is not declared WITH HOLD (which would materialise the whole result before the
    first row). The streamed CSV (at most EXPORT_SYNC_MAX_ROWS rows) passes in_transaction=False:
    a response's generator may be dropped unfinished, and must not leave a transaction open."""
    names = _names()
    quartieri = {
        pk: ((order, name), name)
        for pk, order, name in Quartiere.objects.values_list("pk", "zona__order", "name")
    }
    statuses = {str(value): str(label) for value, label in ActivityStatus.choices}
    yes, no = _("sì"), _("no")
    org, azione = names["organization"], names["azione"]
    kind, period = names["kind"], names["reporting_period"]
    flat = qs.values_list(*_FIELDS, *_FIGURES)
    with transaction.atomic(using=qs.db) if in_transaction else nullcontext():
        records = flat.iterator(chunk_size=CHUNK)
        while chunk := list(islice(records, CHUNK)):
            places = _quartieri_of([r[0] for r in chunk], quartieri)
            for r in chunk:
                yield [
                    r[0],
                    r[1],
                    org[r[2]],
                    azione[r[3]],
                    kind[r[4]],
                    period[r[5]],
                    statuses.get(r[6], r[6]),
                    r[7],
                    r[8],
                    r[9],
                    yes if r[10] else no,
                    places.get(r[0], ""),
                    *r[11:],
                ]


INCOMPLETE_MARKER = gettext_lazy(
    "ERRORE: esportazione interrotta, il file è incompleto. Riprova o chiedi l'esportazione "
    "come lavoro in background."
)


def header() -> list[str]:
    return [str(label) for _k, label in columns()]


def csv_lines(qs: QuerySet[ActivityRecord], *, in_transaction: bool = False) -> Iterator[str]:
    writer = SafeCsvWriter(CsvEcho())
    yield "\ufeff" + writer.writerow(header())
    for row in _rows(qs, in_transaction=in_transaction):
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
    lines = csv_lines(qs, in_transaction=True)
    handle.write(next(lines).encode("utf-8"))
    count = 0
    for line in lines:
        handle.write(line.encode("utf-8"))
        count += 1
        if on_row is not None:
            on_row(count)
    return count


def write_xlsx(qs: QuerySet[ActivityRecord], handle: IO[bytes], on_row: Any = None) -> int:
    """Write the XLSX row by row (XlsxStreamWriter: XlsxWriter's constant-memory mode, each row
    goes to disk as it comes, so memory stays flat in the number of rows); returns the number
    of data rows."""
    with XlsxStreamWriter(handle, _("Attività")[:31]) as sheet:
        sheet.header(header())
        count = 0
        for row in _rows(qs):
            sheet.row(row)
            count += 1
            if on_row is not None:
                on_row(count)
    return count


def xlsx_bytes(qs: QuerySet[ActivityRecord]) -> bytes:
    buf = io.BytesIO()
    write_xlsx(qs, buf)
    return buf.getvalue()
