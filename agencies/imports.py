"""Import of the welfare map (service units) from XLSX or CSV.

One row per unit and year. All or nothing: every row is checked first; if any row has an error
nothing is saved and the report lists each row's errors; otherwise all rows are saved in one
transaction. "codice" is the unit's stable key and "anno" the reporting year: importing the same
code for a new year adds that year beside the earlier ones (never overwriting them); importing
the same code and year again updates that year.

Bounded cost: the form's UploadValidator (citta_del_noi.uploads) checks size, type by content
and the archive limits before anything is parsed; rows are streamed and parsing stops after
UPLOAD_PARSE_TIME_LIMIT seconds; a CSV may be UTF-8, UTF-16 or Windows-1252.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from citta_del_noi.common.spreadsheets import csv_bytes, xlsx_append
from citta_del_noi.organizations.models import LegalForm, Organization
from citta_del_noi.uploads import (
    ArchiveError,
    Deadline,
    EncodingError,
    ParseTimeout,
    check_archive,
    detect_kind,
    open_text,
)
from territori.models import Quartiere

from . import finder_cache
from .models import ServiceUnit, ServiceUnitYear, WelfareTargetGroup
from .rules import can_manage
from .services import (
    unit_year_provider_key,
    welfare_group_index,
    welfare_group_resolve,
    welfare_groups_accepted,
    welfare_label_key,
)

# The columns of the template, in order. Required: codice, anno, nome, ente gestore, destinatari.
HEADERS = [
    "codice",
    "anno",
    "nome",
    "ente gestore",
    "forma giuridica",
    "gestione comunale",
    "destinatari",
    "quartiere",
    "indirizzo",
    "utenti",
    "posti",
    "spesa comune",
    "spesa famiglie",
    "spesa regione/ats",
    "spesa fondazioni",
    "spesa altri",
]
REQUIRED = ["codice", "anno", "nome", "ente gestore", "destinatari"]
# Older templates called "posti" "capacità".
HEADER_ALIASES = {"capacità": "posti", "capacita": "posti"}
INTEGERS = ["utenti", "posti"]
# Import column → ServiceUnitYear field.
MONEY = {
    "spesa comune": "spend_comune",
    "spesa famiglie": "spend_families",
    "spesa regione/ats": "spend_regione",
    "spesa fondazioni": "spend_foundations",
    "spesa altri": "spend_other",
}
NUMERIC = {*INTEGERS, *MONEY, "anno"}
EXAMPLE = [
    "sad-nord-01",
    "2024",
    "Servizio di assistenza domiciliare Nord",
    "Cooperativa Alfa",
    "cooperativa sociale",
    "no",
    "anziani",
    "Mompiano",
    "Via Esempio 1",
    "120",
    "40",
    "180000",
    "25000",
    "30000",
    "0",
    "0",
]
YES = {"si", "sì", "s", "x", "1", "vero", "true", "yes"}
NO = {"", "no", "n", "0", "falso", "false"}


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
    years_added: int = 0
    years_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    if ws is None:  # pragma: no cover - a new workbook always has a sheet
        raise RuntimeError("no worksheet")
    ws.title = "Unità di offerta"
    xlsx_append(ws, HEADERS)
    xlsx_append(ws, EXAMPLE)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    return csv_bytes([HEADERS, EXAMPLE])


def _read(upload: Any, deadline: Deadline) -> Iterator[list[Any]]:
    """The rows, streamed (openpyxl read_only; csv over decoded lines), bounded in time.

    The type comes from the content (the form's UploadValidator set it), never the name."""
    kind = getattr(upload, "detected_kind", None) or detect_kind(upload)
    upload.seek(0)
    if kind == "xlsx":
        check_archive(upload)  # again: this function may be called without the form
        wb = load_workbook(upload, read_only=True, data_only=False)
        try:
            for r in wb.worksheets[0].iter_rows(values_only=True):
                deadline.check()
                yield list(r)
        finally:
            wb.close()
        return
    if kind == "csv":
        lines = open_text(upload)
        first = next(lines, "")
        delimiter = max((";", ","), key=first.count)
        for line in csv.reader(itertools.chain([first], lines), delimiter=delimiter):
            deadline.check()
            yield line
        return
    raise ValueError(_("Il file deve essere un foglio XLSX o un CSV."))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(text: str) -> Decimal:
    """A number as typed in an Italian spreadsheet: 1.234,56 · 1234,56 · 1234.56 · € 1.234."""
    t = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _legal_forms() -> dict[str, str]:
    """Comparison key → legal form code, for the codes and the labels."""
    out: dict[str, str] = {}
    for code, label in LegalForm.choices:
        out[welfare_label_key(code)] = str(code)
        out[welfare_label_key(str(label))] = str(code)
    return out


def _header_key(text: str) -> str:
    name = " ".join(text.lower().split())
    return HEADER_ALIASES.get(name, name)


def parse(upload: Any) -> ImportReport:
    report = ImportReport()
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        report.file_error = _("Il file supera la dimensione massima di %(mb)s MB.") % {
            "mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        }
        return report
    try:
        report = _parse_rows(_read(upload, Deadline.for_parsing()))
    except (ArchiveError, EncodingError, ParseTimeout) as exc:
        report = ImportReport(file_error=str(exc))
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
        report = ImportReport(
            file_error=str(exc)
            if isinstance(exc, ValueError) and str(exc)
            else _("Il file non è un foglio di calcolo leggibile.")
        )
    return report


def _parse_rows(table: Iterator[list[Any]]) -> ImportReport:
    report = ImportReport()
    first = next(table, None)
    if first is None:
        report.file_error = _("Il file è vuoto.")
        return report
    header = [_header_key(_text(h)) for h in first]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        report.file_error = _("Mancano le colonne: %(cols)s. Usare il modello.") % {
            "cols": ", ".join(missing)
        }
        return report
    idx = {h: header.index(h) for h in HEADERS if h in header}
    groups = list(WelfareTargetGroup.objects.order_by("order", "label"))
    accepted = welfare_groups_accepted(groups)
    group_index = welfare_group_index(groups)
    legal_forms = _legal_forms()
    forms_accepted = ", ".join(str(label).lower() for _code, label in LegalForm.choices)
    quartieri = {q.name.lower(): q for q in Quartiere.objects.all()}
    quartieri.update({q.istat_code: q for q in quartieri.values()})
    orgs = {o.name.lower(): o for o in Organization.objects.all()}
    orgs.update({o.codice_fiscale: o for o in orgs.values() if o.codice_fiscale})
    seen: set[tuple[str, int]] = set()
    for n, raw in enumerate(table, start=2):
        cells = {h: _text(raw[i]) if i < len(raw) else "" for h, i in idx.items()}
        for h in HEADERS:
            cells.setdefault(h, "")
        if not any(cells.values()):
            continue
        row = RowResult(line=n, values=cells)
        for h, v in cells.items():
            if v[:1] in ("=", "+", "@") or (v[:1] == "-" and h not in NUMERIC):
                row.errors.append(_("%(col)s: formule non ammesse.") % {"col": h})
            if "<" in v and ">" in v:
                row.errors.append(_("%(col)s: codice HTML non ammesso.") % {"col": h})
        code = slugify(cells["codice"])[:60]
        if not code:
            row.errors.append(_("codice: obbligatorio."))
        year = None
        try:
            number = _number(cells["anno"])
            if number != number.to_integral_value() or not 2000 <= number <= 2100:
                raise ValueError
            year = int(number)
        except ValueError:
            row.errors.append(
                _("anno: obbligatorio, un anno tra 2000 e 2100 (per esempio 2024).")
                if cells["anno"]
                else _("anno: obbligatorio.")
            )
        if code and year is not None:
            if (code, year) in seen:
                row.errors.append(_("codice: ripetuto nel file per lo stesso anno."))
            seen.add((code, year))
        if not cells["nome"]:
            row.errors.append(_("nome: obbligatorio."))
        if not cells["ente gestore"]:
            row.errors.append(_("ente gestore: obbligatorio."))
        group = welfare_group_resolve(cells["destinatari"], group_index)
        if group is None:
            row.errors.append(
                _(
                    "destinatari: «%(v)s» non è un gruppo di destinatari della mappa del "
                    "welfare. Valori accettati: %(accepted)s."
                )
                % {"v": cells["destinatari"], "accepted": accepted}
            )
        quartiere = None
        if cells["quartiere"]:
            quartiere = quartieri.get(cells["quartiere"].lower())
            if quartiere is None:
                row.errors.append(_("quartiere: «%(v)s» non esiste.") % {"v": cells["quartiere"]})
        provider = orgs.get(cells["ente gestore"].lower())
        legal_form = provider.legal_form if provider else None
        if cells["forma giuridica"] and provider is None:
            legal_form = legal_forms.get(welfare_label_key(cells["forma giuridica"]))
            if legal_form is None:
                row.errors.append(
                    _("forma giuridica: «%(v)s» non è ammessa. Valori accettati: %(accepted)s.")
                    % {"v": cells["forma giuridica"], "accepted": forms_accepted}
                )
        elif provider is None and cells["ente gestore"]:
            row.errors.append(
                _(
                    "forma giuridica: obbligatoria quando l'ente gestore non è registrato nel "
                    "portale. Valori accettati: %(accepted)s."
                )
                % {"accepted": forms_accepted}
            )
        comune_text = cells["gestione comunale"].strip().lower()
        run_by_comune = comune_text in YES
        if comune_text not in YES | NO:
            row.errors.append(_("gestione comunale: scrivere «sì» o «no»."))
        figures: dict[str, Any] = {}
        for h in INTEGERS:
            figures[h] = None
            if cells[h]:
                try:
                    number = _number(cells[h])
                    if number < 0 or number != number.to_integral_value():
                        raise ValueError
                    figures[h] = int(number)
                except ValueError:
                    row.errors.append(
                        _("%(col)s: deve essere un numero intero non negativo.") % {"col": h}
                    )
        for h, field_name in MONEY.items():
            figures[field_name] = Decimal(0)
            if cells[h]:
                try:
                    number = _number(cells[h])
                    if number < 0 or number >= Decimal("1e12"):
                        raise ValueError
                    figures[field_name] = number.quantize(Decimal("0.01"))
                except ValueError:
                    row.errors.append(
                        _("%(col)s: deve essere un importo in euro non negativo (es. 1.234,50).")
                        % {"col": h}
                    )
        provider_name = "" if provider else cells["ente gestore"][:200]
        row.values = {
            "code": code,
            "year": year,
            "unit": {
                "name": cells["nome"][:200],
                "provider": provider,
                "provider_name": provider_name,
                "target_group": group,
                "quartiere": quartiere,
                "address": cells["indirizzo"][:200],
                "capacity": figures["posti"] if figures["posti"] is not None else figures["utenti"],
            },
            "unit_year": {
                "target_group": group,
                "provider": provider,
                "provider_name": provider_name,
                "provider_legal_form": legal_form or "",
                "provider_key": unit_year_provider_key(
                    provider=provider, provider_name=provider_name
                ),
                "run_by_comune": run_by_comune,
                "users": figures["utenti"],
                "places": figures["posti"],
                **{f: figures[f] for f in MONEY.values()},
            },
            "_cells": cells,
        }
        report.rows.append(row)
    if not report.rows and not report.file_error:
        report.file_error = _("Il file non contiene righe da importare.")
    return report


def _save_changed(model: Any, changes: list[tuple[Any, dict[str, Any]]], now: Any) -> None:
    """Write only the cells that changed, one UPDATE per changed column: a yearly re-import
    changes few cells, and Django's bulk_update costs per object and column it is given."""
    by_field: dict[str, list[Any]] = defaultdict(list)
    touched: set[int] = set()
    for obj, values in changes:
        for name, value in values.items():
            field = model._meta.get_field(name)
            new = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != new:
                setattr(obj, name, value)
                by_field[name].append(obj)
                touched.add(obj.pk)
    for name, objs in by_field.items():
        model.objects.bulk_update(objs, [name], batch_size=500)
    if touched:
        model.objects.filter(pk__in=touched).update(updated_at=now)


def import_service_units(*, upload: Any, by: Any) -> ImportReport:
    """Check every row, then save all of them or none. A unit is identified by its code and
    its figures by (code, year): a new year is added beside the earlier ones, the same year is
    updated. The unit's description (name, provider, target group, address) follows its most
    recent year, so importing an older year never rewrites it."""

    if not can_manage(by, "conoscenza"):
        raise PermissionDenied
    report = parse(upload)
    if not report.ok:
        return report
    with transaction.atomic():
        codes = {r.values["code"] for r in report.rows}
        units = {u.code: u for u in ServiceUnit.objects.select_for_update().filter(code__in=codes)}
        latest: dict[str, int] = dict(
            ServiceUnitYear.objects.filter(unit__code__in=codes)
            .values_list("unit__code")
            .annotate(y=Max("year"))
        )
        existing_years = {
            (item.unit.code, item.year): item
            for item in ServiceUnitYear.objects.filter(unit__code__in=codes).select_related("unit")
        }
        newest_row: dict[str, RowResult] = {}
        for row in report.rows:
            code, year = row.values["code"], row.values["year"]
            current = newest_row.get(code)
            if current is None or year > current.values["year"]:
                newest_row[code] = row
        now = timezone.now()
        to_create: list[ServiceUnit] = []
        unit_changes: list[tuple[Any, dict[str, Any]]] = []
        for code, row in newest_row.items():
            unit = units.get(code)
            if unit is None:
                unit = ServiceUnit(code=code, **row.values["unit"])
                to_create.append(unit)
                units[code] = unit
            elif row.values["year"] >= latest.get(code, 0):
                unit_changes.append((unit, {**row.values["unit"], "active": True}))
        ServiceUnit.objects.bulk_create(to_create, batch_size=500)
        _save_changed(ServiceUnit, unit_changes, now)
        finder_cache.bump()  # bulk writes send no signal: the finder's pages are stale
        report.created = len(to_create)
        report.updated = len(units) - len(to_create)
        years_new: list[ServiceUnitYear] = []
        year_changes: list[tuple[Any, dict[str, Any]]] = []
        for row in report.rows:
            code, year = row.values["code"], row.values["year"]
            existing_year = existing_years.get((code, year))
            if existing_year is None:
                years_new.append(
                    ServiceUnitYear(unit=units[code], year=year, **row.values["unit_year"])
                )
            else:
                year_changes.append((existing_year, row.values["unit_year"]))
        ServiceUnitYear.objects.bulk_create(years_new, batch_size=500)
        _save_changed(ServiceUnitYear, year_changes, now)
        report.years_added = len(years_new)
        report.years_updated = len(year_changes)
    return report
