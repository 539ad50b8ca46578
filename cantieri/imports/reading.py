"""Reading a spreadsheet: format detection and bounded, streamed rows."""

from __future__ import annotations

import csv
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from citta_del_noi.uploads import (
    SPREADSHEET_KINDS,
    ArchiveError,
    Deadline,
    EncodingError,
    ParseTimeout,
    check_archive,
    detect_kind,
    open_text,
)

from .xlsx_stream import XlsxError, iter_xlsx_rows, plain_markup

# --- Reading -------------------------------------------------------------------------------


def detect_format(upload: IO[bytes]) -> str | None:
    """'xlsx', 'csv' or None, from the content (magic bytes), not the file name; a zip that
    breaks the archive limits (citta_del_noi.uploads) is None."""
    upload.seek(0)
    if upload.read(4) == b"PK\x03\x04":
        try:
            check_archive(upload)
        except ArchiveError:
            return None
    kind = detect_kind(upload)
    return kind if kind in SPREADSHEET_KINDS else None


# For the preview's progress bar when the row count is not known in advance (CSV): a row of
# the template's format takes about this many bytes (about 70 in XLSX, 120 in CSV).
BYTES_PER_ROW_ESTIMATE = 100
RowCount = Callable[[int], None]


class FileError(Exception):
    """The whole file is unusable (message for the user)."""


# A formula cell in a sheet's XML: <f>…</f>, <f t="shared" …/> (never "<fill", "<font").
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_SCAN_CHUNK = 1 << 20


def has_formulas(fh: IO[bytes]) -> bool:
    """True when a worksheet of the (already archive-checked) XLSX holds a formula."""
    return _scan(fh)[0]


def _scan(fh: IO[bytes]) -> tuple[bool, bool]:
    """(a worksheet holds a formula, the sheets and shared strings are plain markup).

    Streamed through the zip, a megabyte at a time: the streaming reader gives a formula's
    cached value, never its text, and reads only plain markup (xlsx_stream.plain_markup), so
    any other file is read with openpyxl, which shows a formula and gets it refused."""
    fh.seek(0)
    plain = True
    with zipfile.ZipFile(fh) as zf:
        for name in zf.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if not (sheet or name == "xl/sharedStrings.xml"):
                continue
            with zf.open(name) as member:
                tail = b""
                while chunk := member.read(_SCAN_CHUNK):
                    window = tail + chunk
                    if sheet and _FORMULA_TAG.search(window):
                        return True, plain
                    plain = plain and plain_markup(window)
                    tail = chunk[-16:]
    return False, plain


def _sheet_name() -> str:
    return _("Attività")[:31]


def _iter_streamed(fh: IO[bytes], on_total: RowCount | None) -> Iterator[list[Any]]:
    """xlsx_stream: as fast as python-calamine, which holds the whole sheet in memory; this
    reader holds one chunk of it."""
    try:
        yield from iter_xlsx_rows(fh, _sheet_name(), on_total)
    except (XlsxError, KeyError) as exc:
        raise FileError(_("Il file non è un foglio XLSX leggibile.")) from exc


def _iter_openpyxl(fh: IO[bytes], on_total: RowCount | None) -> Iterator[list[Any]]:
    fh.seek(0)
    try:
        # read_only: rows are streamed from the sheet's XML, never all in memory.
        # data_only=False: a formula stays visible as "=…" and is refused, never evaluated.
        wb = load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a spreadsheet"
        raise FileError(_("Il file non è un foglio XLSX leggibile.")) from exc
    try:
        sheet_name = _sheet_name()
        ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
        if on_total and ws.max_row:
            on_total(ws.max_row)
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    finally:
        wb.close()


def _iter_xlsx(fh: IO[bytes], on_total: RowCount | None = None) -> Iterator[list[Any]]:
    # Checked again here, in the worker, BEFORE any parsing: the stored file is what gets read.
    try:
        check_archive(fh)
        formulas, plain = _scan(fh)
    except ArchiveError as exc:
        raise FileError(str(exc)) from exc
    except zipfile.BadZipFile as exc:
        raise FileError(_("Il file non è un foglio XLSX leggibile.")) from exc
    yield from (_iter_streamed if plain and not formulas else _iter_openpyxl)(fh, on_total)


def _iter_csv(fh: IO[bytes]) -> Iterator[list[Any]]:
    """Streamed: one line at a time, decoded as UTF-8 (BOM or not), UTF-16 or Windows-1252."""
    try:
        lines = open_text(fh)
    except EncodingError as exc:
        raise FileError(str(exc)) from exc
    first = next(lines, "")
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        yield from csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    except csv.Error as exc:
        raise FileError(_("Il file CSV non è leggibile: %(error)s") % {"error": exc}) from exc


def iter_rows(
    fh: IO[bytes],
    fmt: str,
    deadline: Deadline | None = None,
    on_total: RowCount | None = None,
) -> Iterator[list[Any]]:
    """The file's rows, streamed; past UPLOAD_PARSE_TIME_LIMIT seconds a FileError.
    `on_total` is called with the sheet's row count when the reader knows it (XLSX)."""
    deadline = deadline or Deadline.for_parsing()
    rows = _iter_xlsx(fh, on_total) if fmt == "xlsx" else _iter_csv(fh)
    try:
        for row in rows:
            deadline.check()
            yield row
    except ParseTimeout as exc:
        raise FileError(str(exc)) from exc
