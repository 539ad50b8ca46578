"""Every CSV and XLSX the portal writes goes through here, so no cell is ever read as a formula.

A spreadsheet opening a CSV (or an XLSX cell typed as a formula) executes a cell that starts
with `=`, `+`, `-` or `@`, and some also after a tab or carriage return (OWASP "CSV
injection"). `neutralize_cell` prefixes such text with an apostrophe, the character the
spreadsheets themselves use to say "this is text": `=HYPERLINK(…)` becomes `'=HYPERLINK(…)`.

- Only text is prefixed. Numbers written as numbers (int, float, Decimal: `-5`, `-0.25`) are
  left alone, and so is text that is exactly a plain number (`-5`, `+3.5`, `-1,25`): a
  spreadsheet reads it as that number, never as a formula, and open data stay machine-readable.
- The same leading characters are refused in free-text input (`formula_start_error`, used by
  the imports and by the forms' validator `no_formula_start`), so what the portal stores
  rarely needs the prefix; what citizens write (consultation comments) is neutralised on the
  way out.

Writers: `SafeCsvWriter` (like csv.writer), `csv_text` / `csv_bytes` for small files,
`CsvEcho` for streamed responses, `xlsx_row` / `xlsx_append` for openpyxl worksheets (normal
and write-only), `XlsxStreamWriter` for large files (XlsxWriter in constant-memory mode, the
same rule: text cells typed as text, never formulas).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from types import TracebackType
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from xlsxwriter import Workbook as XlsxWorkbook

# OWASP CSV injection guidance: the characters that make a cell a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")

FORMULA_START_MESSAGE = _(
    "Il testo non può iniziare con =, +, -, @, una tabulazione o un a capo: un foglio di "
    "calcolo lo leggerebbe come una formula. Togli il carattere iniziale o riformula."
)

TOO_LONG_MESSAGE = _("Il testo è troppo lungo: al massimo %(limit)d caratteri (ne ha %(length)d).")


def starts_like_formula(value: Any) -> bool:
    """True for text a spreadsheet would treat as a formula (plain numbers are not)."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def neutralize_cell(value: Any) -> Any:
    """The value to write in a CSV/XLSX cell: formula-like text gets an apostrophe in front."""
    if starts_like_formula(value):
        return PREFIX + value
    return value


def neutralize_row(values: Iterable[Any]) -> list[Any]:
    return [neutralize_cell(v) for v in values]


# --- input ---------------------------------------------------------------------------------


def has_formula_start(text: Any) -> bool:
    """The rule of the activity import for text cells, shared by every free-text form field:
    text whose first character, after leading white space, is =, +, -, @ (or that starts with
    a tab or carriage return) is refused."""
    if not isinstance(text, str):
        return False
    return text.lstrip().startswith(FORMULA_START) or text.startswith(("\t", "\r"))


def formula_start_error(text: Any) -> Any:
    """FORMULA_START_MESSAGE for text refused by has_formula_start, else None."""
    return FORMULA_START_MESSAGE if has_formula_start(text) else None


def text_field_errors(model: Any, name: str, value: Any) -> list[Any]:
    """The service-level check of a free-text field (forms and imports alike): no leading
    formula character, no more than the field's max_length."""
    if not isinstance(value, str) or not value:
        return []
    errors: list[Any] = []
    if has_formula_start(value):
        errors.append(FORMULA_START_MESSAGE)
    limit = model._meta.get_field(name).max_length
    if limit and len(value) > limit:
        errors.append(TOO_LONG_MESSAGE % {"limit": limit, "length": len(value)})
    return errors


def no_formula_start(value: Any) -> None:
    """Form/model validator: refuse text that would be a formula in a spreadsheet."""
    message = formula_start_error(value)
    if message:
        raise ValidationError(message, code="formula_start")


# --- CSV -----------------------------------------------------------------------------------


class SafeCsvWriter:
    """csv.writer whose every cell goes through neutralize_cell (default delimiter ';')."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        kwargs.setdefault("delimiter", ";")
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(["" if v is None else v for v in neutralize_row(row)])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class CsvEcho:
    """A file-like object that returns what is written: one CSV line per writerow (streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_text(rows: Iterable[Iterable[Any]], *, bom: bool = True, **kwargs: Any) -> str:
    buffer = io.StringIO()
    SafeCsvWriter(buffer, **kwargs).writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable[Any]], **kwargs: Any) -> bytes:
    """UTF-8 with a BOM (Excel then reads the accents right), ';' as delimiter."""
    return csv_text(rows, **kwargs).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------


def xlsx_row(ws: Any, values: Iterable[Any], *, font: Any = None) -> list[Any]:
    """Cells for worksheet `ws` (write-only or not): text typed as text, never a formula."""
    cells = []
    for value in neutralize_row(values):
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells


def xlsx_append(ws: Any, values: Iterable[Any], *, font: Any = None) -> None:
    """Append a row of neutralised values to `ws` (a normal or write-only worksheet)."""
    if getattr(ws, "_write_only", False) or type(ws).__name__ == "WriteOnlyWorksheet":
        ws.append(xlsx_row(ws, values, font=font))
        return
    row = neutralize_row(values)
    ws.append(row)
    if font is not None or any(isinstance(v, str) for v in row):
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            if font is not None:
                cell.font = font


class XlsxStreamWriter:
    """One-sheet XLSX written row by row to `handle` with XlsxWriter's constant-memory mode
    (each row is flushed to a temporary file when the next starts: memory flat in the number of
    rows, 2–4× faster per cell than openpyxl's write-only mode). The same rule as xlsx_row:
    every value through neutralize_cell, text written as a text cell (never a formula, never a
    number or a URL guessed from text), numbers as numbers, dates with a date format."""

    def __init__(self, handle: IO[bytes], title: str) -> None:
        self._book = XlsxWorkbook(
            handle,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "in_memory": False,
            },
        )
        self._sheet = self._book.add_worksheet(title)
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._datetime = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._bold = self._book.add_format({"bold": True})
        self._next = 0

    def __enter__(self) -> XlsxStreamWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._book.close()

    def header(self, values: Iterable[Any]) -> None:
        self.row(values, bold=True)

    def row(self, values: Iterable[Any], *, bold: bool = False) -> None:
        ws, r = self._sheet, self._next
        self._next += 1
        fmt = self._bold if bold else None
        for c, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if value.startswith(FORMULA_START):
                    value = neutralize_cell(value)
                ws.write_string(r, c, value, fmt)
            elif kind is bool:
                ws.write_boolean(r, c, value, fmt)
            elif kind is int or kind is float:
                ws.write_number(r, c, value, fmt)
            elif kind is Decimal:
                ws.write_number(r, c, float(value), fmt)
            elif kind is datetime.date:
                ws.write_datetime(
                    r, c, datetime.datetime(value.year, value.month, value.day), self._date
                )
            elif kind is datetime.datetime:
                ws.write_datetime(r, c, value.replace(tzinfo=None), self._datetime)
            else:
                ws.write_string(r, c, str(neutralize_cell(str(value))), fmt)
