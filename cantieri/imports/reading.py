"""Reading a spreadsheet: format detection and bounded, streamed rows."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
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


class FileError(Exception):
    """The whole file is unusable (message for the user)."""


def _iter_xlsx(fh: IO[bytes]) -> Iterator[list[Any]]:

    # Checked again here, in the worker: the stored file is what gets parsed.
    try:
        check_archive(fh)
    except ArchiveError as exc:
        raise FileError(str(exc)) from exc
    try:
        # read_only: rows are streamed from the sheet's XML, never all in memory.
        # data_only=False: a formula stays visible as "=…" and is refused, never evaluated.
        wb = load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a spreadsheet"
        raise FileError(_("Il file non è un foglio XLSX leggibile.")) from exc
    try:
        sheet_name = _("Attività")[:31]
        ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    finally:
        wb.close()


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


def iter_rows(fh: IO[bytes], fmt: str, deadline: Deadline | None = None) -> Iterator[list[Any]]:
    """The file's rows, streamed; past UPLOAD_PARSE_TIME_LIMIT seconds a FileError."""
    deadline = deadline or Deadline.for_parsing()
    rows = _iter_xlsx(fh) if fmt == "xlsx" else _iter_csv(fh)
    try:
        for row in rows:
            deadline.check()
            yield row
    except ParseTimeout as exc:
        raise FileError(str(exc)) from exc
