"""A streaming XLSX reader: memory flat in the number of rows (issue 14, "Imports").

python-calamine and openpyxl's normal mode hold the whole sheet (about 2 KB a row of the
template); openpyxl's read-only mode streams but is 5–10× slower. Here the sheet's XML is fed
a chunk at a time to the C parser of xml.etree (XMLPullParser) and each <row> is dropped once
read: only the shared strings table stays in memory (it grows with the distinct texts, as in
any XLSX reader). Values come as openpyxl gives them: None for empty cells, int for whole
numbers, float, str, bool, datetime for cells with a date format.

A document type declaration is refused before parsing (no entities, hence no entity expansion
or external entities); the archive's limits were checked before (citta_del_noi.uploads).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO, Any
from xml.etree.ElementTree import Element, XMLPullParser

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _C, _V, _IS, _T, _R, _SI = (
    f"{_MAIN}{n}" for n in ("row", "c", "v", "is", "t", "r", "si")
)
_CHUNK = 1 << 16
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")
# Built-in number formats that show a date or a time (ECMA-376 18.8.30).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class XlsxError(Exception):
    """The archive is not a readable XLSX workbook."""


def _events(member: IO[bytes], tags: tuple[str, ...]) -> Iterator[Element]:
    """The elements named `tags`, each once its end tag is read; the caller clears them."""
    parser = XMLPullParser(events=("end",))
    tail = b""
    while chunk := member.read(_CHUNK):
        window = tail + chunk
        if any(word in window for word in _FORBIDDEN):
            raise XlsxError("document type declarations are not allowed")
        tail = chunk[-16:]
        parser.feed(chunk)
        for _event, elem in parser.read_events():
            if elem.tag in tags:
                yield elem
    parser.close()
    for _event, elem in parser.read_events():
        if elem.tag in tags:
            yield elem


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _string_text(elem: Element) -> str:
    """An <si> or <is>: its <t>, or its rich-text runs' <t> (phonetic runs left out)."""
    parts = []
    for child in elem:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None:
                parts.append(t.text or "")
    return _unescape("".join(parts))


def _shared_strings(zf: zipfile.ZipFile, path: str | None) -> list[str]:
    if path is None or path not in zf.namelist():
        return []
    strings: list[str] = []
    with zf.open(path) as member:
        for si in _events(member, (_SI,)):
            strings.append(_string_text(si))
            si.clear()
    return strings


def _is_date_code(code: str) -> bool:
    return bool(_DATE_CODE.search(_NOT_CODE.sub("", code)))


def _date_styles(zf: zipfile.ZipFile, path: str | None) -> set[int]:
    """Indexes of the cell formats (cellXfs) that show a date."""
    if path is None or path not in zf.namelist():
        return set()
    custom: dict[int, str] = {}
    styles: set[int] = set()
    with zf.open(path) as member:
        xf_index = 0
        for elem in _events(member, (f"{_MAIN}numFmt", f"{_MAIN}cellXfs")):
            if elem.tag == f"{_MAIN}numFmt":
                custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
                continue
            for xf in elem:
                fmt = int(xf.get("numFmtId", "0"))
                if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt])):
                    styles.add(xf_index)
                xf_index += 1
            elem.clear()
    return styles


def _parts(zf: zipfile.ZipFile, sheet_name: str) -> tuple[str, str | None, str | None, bool]:
    """The sheet's path (named `sheet_name`, else the first), shared strings, styles, 1904."""
    with zf.open("xl/workbook.xml") as member:
        workbook = list(_events(member, (f"{_MAIN}sheet", f"{_MAIN}workbookPr")))
    date1904 = any(
        e.tag == f"{_MAIN}workbookPr" and e.get("date1904") in ("1", "true") for e in workbook
    )
    sheets = [(e.get("name"), e.get(f"{_REL}id")) for e in workbook if e.tag == f"{_MAIN}sheet"]
    if not sheets:
        raise XlsxError("no worksheet")
    targets: dict[str, tuple[str, str]] = {}
    with zf.open("xl/_rels/workbook.xml.rels") as member:
        for rel in _events(member, (f"{_PKG_REL}Relationship",)):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    chosen = next((rid for name, rid in sheets if name == sheet_name), sheets[0][1])
    if chosen not in targets:
        raise XlsxError("worksheet not found")
    by_type = {kind: path for kind, path in targets.values()}
    return targets[chosen][1], by_type.get("sharedStrings"), by_type.get("styles"), date1904


def _column(ref: str) -> int:
    """0-based column of a reference such as "AB12"."""
    n = 0
    for ch in ref:
        if ch.isdigit():
            break
        n = n * 26 + ord(ch) - 64
    return n - 1


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


class _Cells:
    def __init__(self, strings: list[str], date_styles: set[int], date1904: bool) -> None:
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)

    def value(self, c: Element) -> Any:
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(_IS)
            return _string_text(inline) if inline is not None else None
        v = c.find(_V)
        text = v.text if v is not None else None
        if text is None:
            return None
        if kind == "s":
            return self.strings[int(text)]
        if kind == "n":
            number = _number(text)
            style = c.get("s")
            if style is not None and int(style) in self.date_styles:
                return self.epoch + timedelta(days=number)
            return number
        if kind == "b":
            return text == "1"
        if kind == "d":
            return datetime.fromisoformat(text)
        return _unescape(text)  # "str" (a formula's cached text) and "e" (an error)

    def row(self, elem: Element) -> list[Any]:
        values: list[Any] = []
        for c in elem:
            ref = c.get("r")
            if ref is not None:
                index = _column(ref)
                if index > len(values):
                    values.extend([None] * (index - len(values)))
            values.append(self.value(c))
        return values


def iter_xlsx_rows(
    fh: IO[bytes], sheet_name: str, on_total: Any = None
) -> Iterator[list[Any]]:
    """The rows of the sheet named `sheet_name` (else the first), from row 1; a row missing
    from the XML comes as []. `on_total` gets the sheet's last row number when the file
    declares its dimension."""
    fh.seek(0)
    try:
        zf = zipfile.ZipFile(fh)
        sheet, shared, styles, date1904 = _parts(zf, sheet_name)
        cells = _Cells(_shared_strings(zf, shared), _date_styles(zf, styles), date1904)
        member = zf.open(sheet)
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise XlsxError(str(exc)) from exc
    with zf, member:
        if on_total:
            head = member.peek(4096)[:4096] if hasattr(member, "peek") else b""
            if match := _DIMENSION.search(head):
                on_total(int(match.group(1)))
        line = 0
        try:
            for elem in _events(member, (_ROW,)):
                number = int(elem.get("r") or line + 1)
                while line + 1 < number:
                    line += 1
                    yield []
                line = number
                yield cells.row(elem)
                elem.clear()
        except (ValueError, IndexError, SyntaxError) as exc:
            raise XlsxError(str(exc)) from exc
