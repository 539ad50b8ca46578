"""Parsing rows into activity records, each row with its errors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import connection
from django.utils.translation import gettext as _

from citta_del_noi.common.spreadsheets import has_formula_start
from citta_del_noi.privacy.validators import personal_data_error
from citta_del_noi.uploads import (
    Deadline,
)
from territori.models import PuntoComunita

from .. import rules
from ..activity_rules import (
    DECIMAL_FIELDS,
    FIGURE_FIELDS,
    ActivityInput,
    validate_activity,
)
from ..models import (
    ActivityKind,
    ActivityRecord,
    Azione,
    FundingSource,
    ReportingPeriod,
    TargetGroup,
)
from ..selectors import quartieri_by_key
from .columns import (
    BOOL,
    FORMULA_START,
    HTML_RE,
    PRIVATE_TEXT_COLUMNS,
    REQUIRED,
    TEXT,
    _norm,
    all_headers,
)
from .reading import FileError, iter_rows


@dataclass
class Lookups:
    azioni: dict[str, Azione] = field(default_factory=dict)
    kinds: dict[str, ActivityKind] = field(default_factory=dict)
    periods: dict[str, ReportingPeriod] = field(default_factory=dict)
    quartieri: dict = field(default_factory=dict)
    punti: dict[str, PuntoComunita] = field(default_factory=dict)
    groups: dict[int, TargetGroup] = field(default_factory=dict)
    sources: dict[int, FundingSource] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        lk = cls()
        for a in Azione.objects.all():
            for key in (str(a.number), a.slug, a.name):
                lk.azioni[_norm(key)] = a
        for k in ActivityKind.objects.all():
            lk.kinds[_norm(k.slug)] = k
            lk.kinds[_norm(k.name)] = k
        for p in ReportingPeriod.objects.all():
            lk.periods[_norm(p.name)] = p
        lk.quartieri = quartieri_by_key()
        for pc in PuntoComunita.objects.all():
            lk.punti[_norm(pc.name)] = pc
            lk.punti[_norm(pc.slug)] = pc
        lk.groups = {g.pk: g for g in TargetGroup.objects.all()}
        lk.sources = {s.pk: s for s in FundingSource.objects.all()}
        return lk


@dataclass
class ParsedRow:
    line: int
    key: str
    title: str
    item: ActivityInput | None
    errors: list[dict[str, str]]
    existing: ActivityRecord | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "key": self.key,
            "title": self.title,
            "action": "update" if self.existing else "create",
            "errors": self.errors,
        }


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_number(text: str) -> Decimal | None:
    t = text.replace(" ", "").replace("€", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        number = Decimal(t)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_date_text(_cell_text(value))


@functools.lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> date | None:
    """Cached: the dates of a file repeat (strptime was a tenth of the validation's time)."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_row(line: int, raw: dict[str, Any], headers: dict[str, str], lk: Lookups) -> ParsedRow:
    """Turn one spreadsheet row into a validated input; errors are (column, message) pairs.

    About 0.1 ms a row: the same checks in the same order as ever, with fast paths for the
    common cells (a whole number from the sheet, a name already normalised in this file)."""
    errors: list[dict[str, str]] = []

    def err(key: str, message: str) -> None:
        errors.append({"column": headers.get(key, key), "message": message})

    kinds = _KINDS_CACHE or {k: kind for k, _h, kind, _d in all_headers_cached()}
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            clean[key] = value
            continue
        text = value
        kind = kinds.get(key, TEXT)
        if text.lstrip().startswith(FORMULA_START) or (
            kind in _TEXTUAL and has_formula_start(text)
        ):
            err(
                key,
                _(
                    "La cella contiene una formula o un carattere iniziale non ammesso "
                    "(=, +, -, @): scrivi il valore."
                ),
            )
            continue
        if HTML_RE.search(text):
            err(key, _("La cella contiene codice HTML o script: non è ammesso."))
            continue
        if key in PRIVATE_TEXT_COLUMNS and (message := personal_data_error(text)):
            # The cell is left out: neither the preview nor the report keeps its text.
            err(key, message)
            continue
        clean[key] = value
    data: dict[str, Any] = {}
    if errors:
        errored = {e["column"] for e in errors}
        for key in REQUIRED:
            if headers.get(key, key) not in errored and not _cell_text(clean.get(key)):
                err(key, _("Campo obbligatorio."))
    else:
        for key in REQUIRED:
            if not _cell_text(clean.get(key)):
                err(key, _("Campo obbligatorio."))
    code = _cell_text(clean.get("import_key"))[:100]
    title = _cell_text(clean.get("title"))[:200]
    data["title"] = title
    for key, table in (
        ("azione", lk.azioni),
        ("kind", lk.kinds),
        ("reporting_period", lk.periods),
    ):
        text = _cell_text(clean.get(key))
        if not text:
            continue
        obj = table.get(_norm_cached(text))
        if obj is None:
            messages = {
                "azione": _("L'azione «%(v)s» non esiste (usa il numero 1–7)."),
                "kind": _("Il tipo di attività «%(v)s» non esiste."),
                "reporting_period": _("Il periodo «%(v)s» non esiste."),
            }
            err(key, messages[key] % {"v": text})
        data[key] = obj
    for key in ("period_start", "period_end"):
        value = clean.get(key)
        if value in (None, ""):
            continue
        parsed = _parse_date(value)
        if parsed is None:
            err(key, _("Data non valida: usa gg/mm/aaaa."))
        data[key] = parsed
    flag = _norm_cached(clean.get("city_wide"))
    if flag in _NO:
        data["city_wide"] = False
    elif flag in _YES:
        data["city_wide"] = True
    else:
        err("city_wide", _("Scrivi «sì» oppure «no»."))
    quartieri = []
    for name in _split_names(_cell_text(clean.get("quartieri"))):
        if not name.strip():
            continue
        q = lk.quartieri.get(_norm_cached(name))
        if q is None:
            err("quartieri", _("Il quartiere «%(v)s» non esiste.") % {"v": name.strip()})
        elif q not in quartieri:
            quartieri.append(q)
    punto = _cell_text(clean.get("punto_comunita"))
    data["punto_comunita"] = None
    if punto:
        data["punto_comunita"] = lk.punti.get(_norm_cached(punto))
        if data["punto_comunita"] is None:
            err("punto_comunita", _("Il Punto Comunità «%(v)s» non esiste.") % {"v": punto})
    for key in ("description", "in_kind_description", "spaces"):
        data[key] = _cell_text(clean.get(key))
    bad_numbers = False
    for key in FIGURE_FIELDS:
        value = clean.get(key)
        if value is None:
            data[key] = 0
            continue
        if type(value) is int:  # the usual cell: a whole number, as the sheet gives it
            if value < 0:
                err(key, _("Il valore non può essere negativo."))
                bad_numbers = True
            else:
                data[key] = Decimal(value) if key in DECIMAL_FIELDS else value
            continue
        text = _cell_text(value)
        if not text:
            data[key] = 0
            continue
        number = _parse_number(text)
        if number is None:
            err(key, _("«%(v)s» non è un numero.") % {"v": text[:30]})
            bad_numbers = True
        elif number < 0:
            err(key, _("Il valore non può essere negativo."))
            bad_numbers = True
        elif key not in DECIMAL_FIELDS and number != number.to_integral_value():
            err(key, _("Inserisci un numero intero."))
            bad_numbers = True
        else:
            data[key] = number if key in DECIMAL_FIELDS else int(number)
    targets: dict[TargetGroup, int] = {}
    fundings: dict[FundingSource, Decimal] = {}
    for key, value in clean.items():
        if not key.startswith(("target:", "funding:")):
            continue
        text = _cell_text(value)
        if not text:
            continue
        number = _parse_number(text)
        if number is None or number < 0:
            err(key, _("Inserisci un numero non negativo."))
            bad_numbers = True
            continue
        pk = int(key.split(":")[1])
        if key.startswith("target:"):
            if number != number.to_integral_value():
                err(key, _("Inserisci un numero intero."))
                continue
            if number:
                targets[lk.groups[pk]] = int(number)
        elif number:
            fundings[lk.sources[pk]] = number
    item = ActivityInput(data=data, quartieri=quartieri, target_counts=targets, fundings=fundings)
    if not errors and not bad_numbers:
        field_errors = validate_activity(item)
        for name, messages in field_errors.items():  # type: ignore[assignment]
            column = {
                "target_counts": _("Destinatari"),
                "fundings": _("Risorse"),
            }.get(name, headers.get(name, name))
            for message in messages:
                errors.append({"column": str(column), "message": message})
    return ParsedRow(
        line=line, key=code, title=title, item=item if not errors else None, errors=errors
    )


_TEXTUAL = (TEXT, BOOL)
_NO = frozenset(("", "no", "n", "0", "falso", "false"))
_YES = frozenset(("sì", "si", "s", "x", "1", "vero", "true", "yes"))
_SPLIT_NAMES = re.compile(r"[;,]")


@functools.lru_cache(maxsize=4096)
def _split_names(text: str) -> list[str]:
    """The names of a "Quartieri" cell (cached: a file repeats its cells; callers only read)."""
    return _SPLIT_NAMES.split(text)


@functools.lru_cache(maxsize=4096, typed=True)
def _norm_cached(value: Any) -> str:
    """columns._norm of a cell, cached (typed: 1 and True are different cells)."""
    return _norm(value)


_HEADERS_CACHE: list | None = None
_KINDS_CACHE: dict[str, str] = {}  # column key → kind, while a file is parsed


def all_headers_cached() -> list[tuple[str, str, str, str]]:
    return _HEADERS_CACHE if _HEADERS_CACHE is not None else all_headers()


def parse_file(
    fh: IO[bytes],
    fmt: str,
    organization_id: int,
    progress: Callable[[int, int], None] | None = None,
    deadline: Deadline | None = None,
) -> list[ParsedRow]:
    """Read and validate every row; nothing is saved. Raises FileError for unusable files
    (and once `deadline`, default UPLOAD_PARSE_TIME_LIMIT, has passed)."""
    return list(iter_parsed(fh, fmt, organization_id, progress, deadline))


CHUNK = 1000


def iter_parsed(
    fh: IO[bytes],
    fmt: str,
    organization_id: int,
    progress: Callable[[int, int], None] | None = None,
    deadline: Deadline | None = None,
) -> Iterator[ParsedRow]:
    """The rows, read and validated one by one (memory bounded by a chunk, not the file).

    Set-based: the reference tables are read once (Lookups), repeated codes are found with a
    dict, the records already imported are looked up with one query per CHUNK rows."""
    headers = all_headers()
    label_of = {key: h for key, h, _kind, _doc in headers}
    chunk: list[ParsedRow] = []
    for row in _iter_validated(fh, fmt, headers, progress, deadline):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _with_existing(chunk, organization_id, label_of)
            chunk = []
    yield from _with_existing(chunk, organization_id, label_of)


def _iter_validated(
    fh: IO[bytes],
    fmt: str,
    headers: list[tuple[str, str, str, str]],
    progress: Callable[[int, int], None] | None,
    deadline: Deadline | None,
) -> Iterator[ParsedRow]:
    global _HEADERS_CACHE, _KINDS_CACHE
    _HEADERS_CACHE = headers
    _KINDS_CACHE = {k: kind for k, _h, kind, _d in headers}
    try:
        by_header = {_norm(h): key for key, h, _kind, _doc in headers}
        label_of = {key: h for key, h, _kind, _doc in headers}
        lk = Lookups.load()
        total = [0]  # the sheet's rows, header included, when the reader knows them
        rows = iter_rows(fh, fmt, deadline, on_total=lambda n: total.__setitem__(0, n))
        columns: list[str | None] | None = None
        count = 0
        seen: dict[str, int] = {}
        for line, row in enumerate(rows, start=1):
            if not any(v.strip() if isinstance(v, str) else v is not None for v in row):
                continue
            if columns is None:
                columns = [by_header.get(_norm(v)) for v in row]
                missing = [label_of[k] for k in REQUIRED if k not in columns]
                if missing:
                    raise FileError(
                        _("Mancano le colonne: %(cols)s. Usa il modello scaricabile.")
                        % {"cols": ", ".join(missing)}
                    )
                continue
            # Empty cells left out: parse_row reads a missing cell as an empty one.
            raw = {key: v for key, v in zip(columns, row, strict=False) if key and v is not None}
            result = parse_row(line, raw, label_of, lk)
            if result.key:
                if result.key in seen:
                    result.errors.append(
                        {
                            "column": label_of["import_key"],
                            "message": _("Codice riga ripetuto (già alla riga %(n)s).")
                            % {"n": seen[result.key]},
                        }
                    )
                    result.item = None
                else:
                    seen[result.key] = line
            count += 1
            if progress and count % 500 == 0:
                progress(count, max(total[0] - 1, 0))
            yield result
        if columns is None:
            raise FileError(_("Il file è vuoto."))
    finally:
        _HEADERS_CACHE = None
        _KINDS_CACHE = {}


def _with_existing(
    chunk: list[ParsedRow], organization_id: int, label_of: dict[str, str]
) -> list[ParsedRow]:
    """Mark the rows whose code is already a record of the organisation (one query)."""
    keys = [r.key for r in chunk if r.key]
    existing = existing_records(organization_id, keys)
    for result in chunk:
        result.existing = existing.get(result.key)
        if result.existing and result.ok and not _updatable(result.existing):
            result.errors.append(not_updatable_error(result.key, label_of))
            result.item = None
        elif result.ok and result.item is not None:
            punto = result.item.data.get("punto_comunita")
            kept = result.existing is not None and punto is not None
            kept = kept and result.existing.punto_comunita_id == punto.pk  # type: ignore[union-attr]
            if punto is not None and punto.closed_on is not None and not kept:
                # the form's rule: a closed Punto only stays on a record that already names it
                result.errors.append(closed_punto_error(punto.name, label_of))
                result.item = None
    return chunk


def existing_records(organization_id: int, keys: list[str]) -> dict[str, ActivityRecord]:
    """The organisation's records named by `keys` (two queries, whatever the keys' number)."""
    keys = [k for k in keys if k]
    if not keys:
        return {}
    records = ActivityRecord.objects.filter(pk__in=_existing_ids(organization_id, keys))
    return {a.import_key: a for a in records.select_related("reporting_period")}


_EXISTING_SQL = """
    SELECT r.id FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL (
        SELECT a.id FROM {table} a
         WHERE a.organization_id = %s AND a.import_key = k.key AND a.import_key <> ''
        OFFSET 0) r
"""


def _existing_ids(organization_id: int, keys: list[str]) -> list[int]:
    """On PostgreSQL one probe of the (organization, import key) unique index per key: with
    `import_key IN (…)` the planner, whose statistics do not yet count the records that this
    transaction (or a recent import) added, scanned all the organisation's records for each
    chunk, so a big import grew quadratically (0.1 s a chunk at 270,000 records)."""
    if connection.vendor != "postgresql":
        return list(
            ActivityRecord.objects.filter(
                organization_id=organization_id, import_key__in=keys
            ).values_list("pk", flat=True)
        )
    table = connection.ops.quote_name(ActivityRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_EXISTING_SQL.format(table=table), [keys, organization_id])
        return [row[0] for row in cursor.fetchall()]


def closed_punto_error(name: str, label_of: dict[str, str]) -> dict[str, str]:
    return {
        "column": label_of["punto_comunita"],
        "message": _("Il Punto Comunità «%(v)s» è chiuso.") % {"v": name},
    }


def not_updatable_error(code: str, label_of: dict[str, str]) -> dict[str, str]:
    return {
        "column": label_of["import_key"],
        "message": _(
            "L'attività «%(code)s» è già inviata, approvata o in un periodo chiuso: "
            "si modifica dal portale con una correzione."
        )
        % {"code": code},
    }


def updatable(activity: ActivityRecord) -> bool:
    return _updatable(activity)


def _updatable(activity: ActivityRecord) -> bool:
    return activity.status in rules.EDITABLE_STATUSES and not activity.reporting_period.is_locked
