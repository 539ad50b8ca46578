"""Import of the welfare map (service units) from XLSX or CSV.

All or nothing: every row is checked first; if any row has an error nothing is saved and the
report lists each row's errors; otherwise all rows are saved in one transaction. The "codice"
column is the stable key: importing the same file again updates the units.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cantieri.models import TargetGroup
from citta_del_noi.organizations.models import Organization
from territori.models import Quartiere

from .models import ServiceUnit

HEADERS = ["codice", "nome", "ente gestore", "destinatari", "quartiere", "indirizzo", "capacità"]
EXAMPLE = [
    "sad-nord-01",
    "Servizio di assistenza domiciliare Nord",
    "Cooperativa Alfa",
    "anziani",
    "Mompiano",
    "Via Esempio 1",
    "40",
]


@dataclass
class RowResult:
    line: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_error: str = ""
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if ws is None:  # pragma: no cover - a new workbook always has a sheet
        raise RuntimeError("no worksheet")
    ws.title = "Unità di offerta"
    ws.append(HEADERS)
    ws.append(EXAMPLE)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerow(EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def _read(upload: Any) -> list[list[Any]]:
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        text = data.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,") if text.strip() else "excel"
        return list(csv.reader(io.StringIO(text), dialect))
    raise ValueError(_("Il file deve essere un foglio XLSX o un CSV."))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse(upload: Any) -> ImportReport:
    report = ImportReport()
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        report.file_error = _("Il file supera la dimensione massima di %(mb)s MB.") % {
            "mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        }
        return report
    try:
        table = _read(upload)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
        report.file_error = (
            str(exc)
            if isinstance(exc, ValueError) and str(exc)
            else _("Il file non è un foglio di calcolo leggibile.")
        )
        return report
    if not table:
        report.file_error = _("Il file è vuoto.")
        return report
    header = [_text(h).lower() for h in table[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        report.file_error = _("Mancano le colonne: %(cols)s. Usare il modello.") % {
            "cols": ", ".join(missing)
        }
        return report
    idx = {h: header.index(h) for h in HEADERS}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    groups.update({g.name.lower(): g for g in groups.values()})
    quartieri = {q.name.lower(): q for q in Quartiere.objects.all()}
    quartieri.update({q.istat_code: q for q in quartieri.values()})
    orgs = {o.name.lower(): o for o in Organization.objects.all()}
    orgs.update({o.codice_fiscale: o for o in orgs.values() if o.codice_fiscale})
    seen: set[str] = set()
    for n, raw in enumerate(table[1:], start=2):
        cells = {h: _text(raw[i]) if i < len(raw) else "" for h, i in idx.items()}
        if not any(cells.values()):
            continue
        row = RowResult(line=n, values=cells)
        for h, v in cells.items():
            if v[:1] in ("=", "+", "@") or (v[:1] == "-" and h != "capacità"):
                row.errors.append(_("%(col)s: formule non ammesse.") % {"col": h})
            if "<" in v and ">" in v:
                row.errors.append(_("%(col)s: codice HTML non ammesso.") % {"col": h})
        code = slugify(cells["codice"])
        if not code:
            row.errors.append(_("codice: obbligatorio."))
        elif code in seen:
            row.errors.append(_("codice: ripetuto nel file."))
        seen.add(code)
        if not cells["nome"]:
            row.errors.append(_("nome: obbligatorio."))
        if not cells["ente gestore"]:
            row.errors.append(_("ente gestore: obbligatorio."))
        group = groups.get(cells["destinatari"].lower())
        if group is None:
            row.errors.append(
                _("destinatari: «%(v)s» non è un gruppo di destinatari.")
                % {"v": cells["destinatari"]}
            )
        quartiere = None
        if cells["quartiere"]:
            quartiere = quartieri.get(cells["quartiere"].lower())
            if quartiere is None:
                row.errors.append(_("quartiere: «%(v)s» non esiste.") % {"v": cells["quartiere"]})
        capacity = None
        if cells["capacità"]:
            try:
                capacity = int(float(cells["capacità"].replace(",", ".")))
                if capacity < 0:
                    raise ValueError
            except ValueError:
                row.errors.append(_("capacità: deve essere un numero intero non negativo."))
        provider = orgs.get(cells["ente gestore"].lower())
        row.values = {
            "code": code[:60],
            "name": cells["nome"][:200],
            "provider": provider,
            "provider_name": "" if provider else cells["ente gestore"][:200],
            "target_group": group,
            "quartiere": quartiere,
            "address": cells["indirizzo"][:200],
            "capacity": capacity,
            "_cells": cells,
        }
        report.rows.append(row)
    if not report.rows and not report.file_error:
        report.file_error = _("Il file non contiene righe da importare.")
    return report


def import_service_units(*, upload: Any, by: Any) -> ImportReport:
    from .rules import can_manage

    if not can_manage(by, "conoscenza"):
        raise PermissionDenied
    report = parse(upload)
    if not report.ok:
        return report
    with transaction.atomic():
        existing = set(
            ServiceUnit.objects.filter(
                Q(code__in=[r.values["code"] for r in report.rows])
            ).values_list("code", flat=True)
        )
        for row in report.rows:
            values = {k: v for k, v in row.values.items() if not k.startswith("_")}
            code = values.pop("code")
            ServiceUnit.objects.update_or_create(code=code, defaults=values)
            if code in existing:
                report.updated += 1
            else:
                report.created += 1
    return report
