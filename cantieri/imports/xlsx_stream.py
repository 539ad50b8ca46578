"""A streaming XLSX reader: memory flat in the number of rows (issue 14, "Imports").

python-calamine and openpyxl's normal mode hold the whole sheet (about 2 KB a row of the
template); openpyxl's read-only mode streams but is 5–10× slower. Here the sheet's XML is read
a chunk at a time and cut at row boundaries; each row's cells are taken with regular
expressions (in C: as fast as calamine, where an XML parser building elements was 4× slower),
and dropped once read. Only the shared strings table stays in memory (it grows with the
distinct texts, as in any XLSX reader). Values come as openpyxl gives them: None for empty
cells, int for whole numbers, float, str, bool, datetime for cells with a date format.

The regular expressions read the SpreadsheetML that spreadsheet programs write; a file they
do not cover (markup declarations, comments or CDATA, namespace prefixes on the cells: see
`plain_markup`) is read with openpyxl instead (reading.py), as a file with formulas is. The
small parts (workbook, relationships, styles) go through xml.etree with any document type
declaration refused (no entities, hence no entity expansion or external entities); the
archive's limits were checked before (citta_del_noi.uploads).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO, Any, cast
from xml.etree.ElementTree import Element, XMLPullParser

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
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
        yield from _ended(parser, tags)
    parser.close()
    yield from _ended(parser, tags)


def _ended(parser: XMLPullParser, tags: tuple[str, ...]) -> Iterator[Element]:
    for event in parser.read_events():
        _name, elem = cast("tuple[str, Any]", event)
        if isinstance(elem, Element) and elem.tag in tags:
            yield elem


# The sheet and shared strings, read with regular expressions (bytes, C speed).
_ROW_RE = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.DOTALL)
_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_ATTR_RE = re.compile(rb"\b([rts])\s*=\s*[\"']([^\"']*)[\"']")
# A cell's attributes as spreadsheet programs write them: r, then s and t if any.
_USUAL_HEAD = re.compile(rb' r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?\s*')
# A whole cell written so (the regular expression's groups: column, style, type, content).
_USUAL_CELL = re.compile(
    rb'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?\s*(?:/>|>(.*?)</c>)', re.DOTALL
)
_V_RE = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
_T_RE = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_PHONETIC_RE = re.compile(rb"<rPh\b.*?</rPh>", re.DOTALL)
_SI_RE = re.compile(rb"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.DOTALL)
_ENTITY_RE = re.compile(r"&(?:#(\d+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# What the regular expressions do not read: declarations, comments, CDATA, prefixed cells.
_NOT_PLAIN = re.compile(rb"<!|<\w+:(?:row|c|v|is|t|r|si|rPh)[\s>/]")


def plain_markup(chunk: bytes) -> bool:
    """False when a chunk of the sheet or shared strings XML holds markup that the regular
    expressions do not read (the file then goes to openpyxl)."""
    return _NOT_PLAIN.search(chunk) is None


def _entity(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED[name]
    return chr(int(decimal)) if decimal else chr(int(hexadecimal, 16))


def _text(raw: bytes) -> str:
    return _plain_text(raw.decode("utf-8")) or ""


def _plain_text(text: str) -> str | None:
    """A text node's content: line ends normalised, references resolved (as a parser does)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITY_RE.sub(_entity, text)
    return _unescape(text) or None


def _inline_text(raw: bytes) -> str:
    """An <si> or <is>'s content: its <t>, or its rich-text runs' <t> (phonetic runs left out)."""
    if b"<rPh" in raw:
        raw = _PHONETIC_RE.sub(b"", raw)
    return "".join(_text(t) for t in _T_RE.findall(raw))


def _segments(member: IO[bytes], closing: bytes) -> Iterator[bytes]:
    """The member's bytes in pieces that end after a `closing` tag (the last: the rest)."""
    rest = b""
    while chunk := member.read(_CHUNK * 4):
        data = rest + chunk
        if not plain_markup(data[-len(chunk) - 16 :]):
            raise XlsxError("markup the streaming reader does not read")
        cut = data.rfind(closing)
        if cut < 0:
            rest = data
            continue
        cut += len(closing)
        yield data[:cut]
        rest = data[cut:]
    if rest:
        yield rest


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shared_strings(zf: zipfile.ZipFile, path: str | None) -> list[str]:
    if path is None or path not in zf.namelist():
        return []
    strings: list[str] = []
    with zf.open(path) as member:
        for segment in _segments(member, b"</si>"):
            strings += [_inline_text(m) if m else "" for m in _SI_RE.findall(segment)]
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
    by_type = dict(targets.values())
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
        self.columns: dict[bytes, int] = {}

    def column(self, letters: bytes) -> int:
        index = self.columns.get(letters)
        if index is None:
            index = self.columns[letters] = _column(letters.decode("ascii"))
        return index

    def value(self, kind: bytes, style: bytes | None, body: bytes) -> Any:
        if kind == b"inlineStr":
            if body.startswith(b"<is><t>") and body.count(b"<") == 4:  # the usual form
                return _text(body[7:-9]) or None
            return (_inline_text(body) or None) if body else None
        if body.startswith(b"<v>") and body.count(b"<") == 2:  # the usual form
            raw = body[3:-4]
        else:
            match = _V_RE.search(body) if body else None
            if match is None:
                return None
            raw = match.group(1)
        if kind == b"s":
            return self.strings[int(raw)] or None
        if kind == b"n":
            number = _number(raw.decode("ascii"))
            if style is not None and int(style) in self.date_styles:
                return self.epoch + timedelta(days=number)
            return number
        if kind == b"b":
            return raw == b"1"
        if kind == b"d":
            return datetime.fromisoformat(raw.decode("ascii"))
        return _text(raw)  # "str" (a formula's cached text) and "e" (an error)

    def row(self, body: bytes) -> list[Any]:
        cells = _USUAL_CELL.findall(body)
        if len(cells) != body.count(b"<c "):
            return self._row(body)  # a cell written otherwise: the general path
        values: list[Any] = []
        columns, value = self.columns, self.value
        for letters, style, kind, cell in cells:
            index = columns.get(letters)
            if index is None:
                index = self.column(letters)
            if index > len(values):
                values.extend([None] * (index - len(values)))
            if kind == b"inlineStr" and cell.startswith(b"<is><t>") and cell.count(b"<") == 4:
                text = cell[7:-9].decode("utf-8")
                plain = "&" not in text and "_x" not in text and "\r" not in text
                values.append((text or None) if plain else _plain_text(text))
            else:
                values.append(value(kind or b"n", style or None, cell))
        return values

    def _row(self, body: bytes) -> list[Any]:
        values: list[Any] = []
        for head, cell in _CELL_RE.findall(body):
            usual = _USUAL_HEAD.fullmatch(head)
            if usual is not None:
                letters, style, kind = usual.groups()
            else:
                attrs = dict(_ATTR_RE.findall(head))
                ref = attrs.get(b"r")
                letters = ref.rstrip(b"0123456789") if ref is not None else None
                style, kind = attrs.get(b"s"), attrs.get(b"t")
            if letters is not None:
                index = self.column(letters)
                if index > len(values):
                    values.extend([None] * (index - len(values)))
            values.append(self.value(kind or b"n", style, cell))
        return values


def iter_xlsx_rows(fh: IO[bytes], sheet_name: str, on_total: Any = None) -> Iterator[list[Any]]:
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
            for segment in _segments(member, b"</row>"):
                for head, body in _ROW_RE.findall(segment):
                    r = dict(_ATTR_RE.findall(head)).get(b"r")
                    number = int(r) if r else line + 1
                    while line + 1 < number:
                        line += 1
                        yield []
                    line = number
                    yield cells.row(body)
        except (ValueError, IndexError, UnicodeDecodeError) as exc:
            raise XlsxError(str(exc)) from exc
