"""Files that cost much more to open than to upload, built in the test (nothing is stored)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024


def xlsx_bomb(headers: list[str], *, inflated_mb: int = 200, sheet_title: str = "Foglio") -> bytes:
    """A valid XLSX whose first sheet holds one cell of `inflated_mb` MB of the same letter:
    about 200 KB on the wire, `inflated_mb` MB (and several times that in memory) when parsed."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    ws.append(headers)
    ws.append(["x"] * len(headers))
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
                continue
            xml = src.read(info).decode()
            head, tail = xml.split("</sheetData>")
            with dst.open("xl/worksheets/sheet1.xml", "w") as member:
                member.write(head.encode())
                member.write(b'<row r="3"><c r="B3" t="inlineStr"><is><t>')
                chunk = b"a" * MB
                for _ in range(inflated_mb):
                    member.write(chunk)
                member.write(b"</t></is></c></row></sheetData>")
                member.write(tail.encode())
    return out.getvalue()


def plain_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()
