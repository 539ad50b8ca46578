"""Bulk import of activity records from the spreadsheets partners keep (XLSX or CSV).

Flow: upload → `import_prepare` stores the file in private storage (never served by URL) and
builds a preview (each row with its errors, nothing saved) → the user confirms →
`import_apply` re-reads the file and saves every valid row in ONE transaction. The "Codice riga"
column is a stable key per organisation (ActivityRecord.import_key): importing the same file
again updates the records instead of duplicating them. Every file is prepared and applied by
the worker (job "cantieri.import", its time limit scaled by the rows): the web process only
stores it, after citta_del_noi.uploads.UploadValidator checked its size, type and archive
limits. Rows are streamed (openpyxl read_only, csv over decoded lines), parsing is bounded in
time (UPLOAD_PARSE_TIME_LIMIT).

Refused: files that are not spreadsheets (magic bytes / parse failure), files larger than
settings.IMPORT_MAX_UPLOAD_BYTES (checked on the upload's size before reading), zip bombs,
formulas (cells starting with =, and in text columns with +, - or @), HTML or script in cells.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common.spreadsheets import csv_bytes, has_formula_start, xlsx_append
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.selectors import organizations_recordable_by
from citta_del_noi.privacy.validators import personal_data_error
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
from territori.models import PuntoComunita

from . import rules
from .activity_rules import (
    DECIMAL_FIELDS,
    FIGURE_FIELDS,
    TEXT_FIELDS,
    ActivityInput,
    validate_activity,
)
from .import_bulk import activities_bulk_create
from .models import (
    ActivityImport,
    ActivityKind,
    ActivityRecord,
    AgeBand,
    Azione,
    FundingSource,
    ImportStatus,
    ReportingPeriod,
    TargetGroup,
)
from .selectors import quartieri_by_key
from .services import activity_submit, activity_update

TEXT, NUMBER, DATE, BOOL = "text", "number", "date", "bool"
# Columns of free text: recognisable personal data is refused per row (and never stored).
PRIVATE_TEXT_COLUMNS = ("import_key", *TEXT_FIELDS)

# (key, Italian header, kind, instructions)
COLUMNS: list[tuple[str, Any, str, Any]] = [
    (
        "import_key",
        gettext_lazy("Codice riga"),
        TEXT,
        gettext_lazy(
            "Obbligatorio. Un codice che non cambia (es. LAB-2018-01): reimportando lo "
            "stesso codice l'attività viene aggiornata, non duplicata."
        ),
    ),
    ("title", gettext_lazy("Titolo"), TEXT, gettext_lazy("Obbligatorio.")),
    (
        "azione",
        gettext_lazy("Azione o cantiere"),
        TEXT,
        gettext_lazy("Numero (1–7) o identificativo (es. anziani)."),
    ),
    (
        "kind",
        gettext_lazy("Tipo di attività"),
        TEXT,
        gettext_lazy("Nome o identificativo (es. laboratorio)."),
    ),
    (
        "reporting_period",
        gettext_lazy("Periodo di rendicontazione"),
        TEXT,
        gettext_lazy("Nome del periodo (es. 2018-H1)."),
    ),
    ("period_start", gettext_lazy("Dal"), DATE, gettext_lazy("Data gg/mm/aaaa.")),
    ("period_end", gettext_lazy("Al"), DATE, gettext_lazy("Data gg/mm/aaaa.")),
    ("city_wide", gettext_lazy("Intera città"), BOOL, gettext_lazy("sì oppure no.")),
    (
        "quartieri",
        gettext_lazy("Quartieri"),
        TEXT,
        gettext_lazy("Nomi o codici ISTAT separati da punto e virgola."),
    ),
    ("punto_comunita", gettext_lazy("Punto Comunità"), TEXT, gettext_lazy("Nome, facoltativo.")),
    (
        "description",
        gettext_lazy("Descrizione"),
        TEXT,
        gettext_lazy("Senza nomi di persone: solo dati aggregati."),
    ),
    ("participants_total", gettext_lazy("Partecipanti totali"), NUMBER, ""),
    ("participants_new", gettext_lazy("Nuovi partecipanti"), NUMBER, ""),
    (
        "participants_returning",
        gettext_lazy("Partecipanti già coinvolti"),
        NUMBER,
        gettext_lazy("Nuovi + già coinvolti = totale."),
    ),
    ("participants_female", gettext_lazy("Femmine"), NUMBER, ""),
    ("participants_male", gettext_lazy("Maschi"), NUMBER, ""),
    (
        "participants_sex_unknown",
        gettext_lazy("Sesso non rilevato"),
        NUMBER,
        gettext_lazy("Femmine + maschi + non rilevato = totale."),
    ),
    *[
        (band.value, band.label, NUMBER, gettext_lazy("Le fasce d'età sommano al totale."))
        for band in AgeBand
    ],
    ("volunteers", gettext_lazy("Volontari coinvolti"), NUMBER, ""),
    ("volunteer_hours", gettext_lazy("Ore di volontariato"), NUMBER, ""),
    ("staff_hours", gettext_lazy("Ore di personale retribuito"), NUMBER, ""),
    ("in_kind_value", gettext_lazy("Valore beni in natura (€)"), NUMBER, ""),
    ("in_kind_description", gettext_lazy("Beni in natura"), TEXT, ""),
    ("spaces", gettext_lazy("Spazi utilizzati"), TEXT, ""),
]
REQUIRED = (
    "import_key",
    "title",
    "azione",
    "kind",
    "reporting_period",
    "period_start",
    "period_end",
)
FORMULA_START = ("=",)
HTML_RE = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:|on[a-z]+\s*=", re.IGNORECASE)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def target_header(group: TargetGroup) -> str:
    return _("Destinatari: %(name)s") % {"name": group.name}


def funding_header(source: FundingSource) -> str:
    return _("Euro: %(name)s") % {"name": source.name}


def all_headers() -> list[tuple[str, str, str, str]]:
    """(key, header, kind, instructions) including one column per target group and source."""
    out = [(k, str(h), kind, str(doc)) for k, h, kind, doc in COLUMNS]
    for g in TargetGroup.objects.order_by("order", "name"):
        out.append(
            (
                f"target:{g.pk}",
                target_header(g),
                NUMBER,
                _("Partecipanti di questo gruppo (non più del totale)."),
            )
        )
    for s in FundingSource.objects.order_by("order", "name"):
        out.append((f"funding:{s.pk}", funding_header(s), NUMBER, _("Euro da questa fonte.")))
    return out


# --- Template ------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    headers = all_headers()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Attività")[:31]
    bold = Font(bold=True)
    xlsx_append(ws, [h for _k, h, _kind, _doc in headers], font=bold)
    ws.freeze_panes = "B2"
    info = wb.create_sheet(_("Istruzioni")[:31])
    xlsx_append(info, [_("Colonna"), _("Obbligatoria"), _("Come compilarla")], font=bold)
    for key, header, _kind, doc in headers:
        xlsx_append(info, [header, _("sì") if key in REQUIRED else _("no"), doc])
    info.append([])
    xlsx_append(info, [_("Regole generali")])
    for rule in (
        _("Una riga per attività; la prima riga del foglio «Attività» contiene le intestazioni."),
        _("Solo numeri interi non negativi per i partecipanti; niente formule."),
        _("Le fasce d'età, la suddivisione per sesso e nuovi + già coinvolti sommano al totale."),
        _("Nessun dato personale dei beneficiari: il portale raccoglie solo numeri aggregati."),
        _("Periodi: %(names)s.")
        % {
            "names": ", ".join(
                ReportingPeriod.objects.order_by("start").values_list("name", flat=True)
            )
        },
        _("Azioni: %(names)s.")
        % {"names": "; ".join(f"{a.number} = {a.slug}" for a in Azione.objects.order_by("number"))},
        _("Tipi di attività: %(names)s.")
        % {
            "names": ", ".join(ActivityKind.objects.order_by("name").values_list("slug", flat=True))
        },
    ):
        xlsx_append(info, [rule])
    info.column_dimensions["A"].width = 40
    info.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_csv() -> bytes:
    return csv_bytes([[h for _k, h, _kind, _doc in all_headers()]])


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
    text = _cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_row(line: int, raw: dict[str, Any], headers: dict[str, str], lk: Lookups) -> ParsedRow:
    """Turn one spreadsheet row into a validated input; errors are (column, message) pairs."""
    errors: list[dict[str, str]] = []

    def err(key: str, message: str) -> None:
        errors.append({"column": headers.get(key, key), "message": message})

    kinds = {k: kind for k, _h, kind, _d in all_headers_cached()}
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        kind = kinds.get(key, TEXT)
        text = value if isinstance(value, str) else None
        if text is not None:
            if text.lstrip().startswith(FORMULA_START) or (
                kind in (TEXT, BOOL) and has_formula_start(text)
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
    errored = {e["column"] for e in errors}
    for key in REQUIRED:
        if headers.get(key, key) not in errored and not _cell_text(clean.get(key)):
            err(key, _("Campo obbligatorio."))
    code = _cell_text(clean.get("import_key"))[:100]
    title = _cell_text(clean.get("title"))[:200]
    data["title"] = title
    for key in ("azione", "kind", "reporting_period"):
        text = _cell_text(clean.get(key))
        if not text:
            continue
        table = {"azione": lk.azioni, "kind": lk.kinds, "reporting_period": lk.periods}[key]
        obj = table.get(_norm(text))  # type: ignore[attr-defined]
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
    flag = _norm(clean.get("city_wide"))
    if flag in ("", "no", "n", "0", "falso", "false"):
        data["city_wide"] = False
    elif flag in ("sì", "si", "s", "x", "1", "vero", "true", "yes"):
        data["city_wide"] = True
    else:
        err("city_wide", _("Scrivi «sì» oppure «no»."))
    quartieri = []
    for name in re.split(r"[;,]", _cell_text(clean.get("quartieri"))):
        if not name.strip():
            continue
        q = lk.quartieri.get(_norm(name))
        if q is None:
            err("quartieri", _("Il quartiere «%(v)s» non esiste.") % {"v": name.strip()})
        elif q not in quartieri:
            quartieri.append(q)
    punto = _cell_text(clean.get("punto_comunita"))
    data["punto_comunita"] = None
    if punto:
        data["punto_comunita"] = lk.punti.get(_norm(punto))
        if data["punto_comunita"] is None:
            err("punto_comunita", _("Il Punto Comunità «%(v)s» non esiste.") % {"v": punto})
    for key in ("description", "in_kind_description", "spaces"):
        data[key] = _cell_text(clean.get(key))
    bad_numbers = False
    for key in FIGURE_FIELDS:
        text = _cell_text(clean.get(key))
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


_HEADERS_CACHE: list | None = None


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
    global _HEADERS_CACHE
    headers = all_headers()
    _HEADERS_CACHE = headers
    try:
        by_header = {_norm(h): key for key, h, _kind, _doc in headers}
        label_of = {key: h for key, h, _kind, _doc in headers}
        lk = Lookups.load()
        rows = iter_rows(fh, fmt, deadline)
        columns: list[str | None] | None = None
        parsed: list[ParsedRow] = []
        seen: dict[str, int] = {}
        for line, row in enumerate(rows, start=1):
            if not any(_cell_text(v) for v in row):
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
            raw = {key: row[i] for i, key in enumerate(columns) if key and i < len(row)}
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
            parsed.append(result)
            if progress and len(parsed) % 200 == 0:
                progress(len(parsed), 0)
        if columns is None:
            raise FileError(_("Il file è vuoto."))
    finally:
        _HEADERS_CACHE = None
    existing = {
        a.import_key: a
        for a in ActivityRecord.objects.filter(
            organization_id=organization_id, import_key__in=list(seen)
        ).select_related("reporting_period")
    }
    for result in parsed:
        result.existing = existing.get(result.key)
        if result.existing and result.ok and not _updatable(result.existing):
            result.errors.append(
                {
                    "column": label_of["import_key"],
                    "message": _(
                        "L'attività «%(code)s» è già inviata, approvata o in un periodo chiuso: "
                        "si modifica dal portale con una correzione."
                    )
                    % {"code": result.key},
                }
            )
            result.item = None
    return parsed


def _updatable(activity: ActivityRecord) -> bool:
    return activity.status in rules.EDITABLE_STATUSES and not activity.reporting_period.is_locked


# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, user: AnyUser, organization: Any, upload: Any, fmt: str) -> ActivityImport:
    """Store the uploaded file privately, keyed to the user, ready for the preview job.

    Nothing parses the file here (the web process): the form's UploadValidator checked its size,
    type and archive limits; the worker reads it (tasks.start_import_job)."""

    if not organizations_recordable_by(user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("Il file supera la dimensione massima.")]})
    record = ActivityImport(  # type: ignore[misc]
        user=user, organization=organization, original_name=upload.name[:255], file_format=fmt
    )
    record.file.save(f"{timezone.now():%Y%m%d%H%M%S}.{fmt}", upload, save=False)
    record.save()
    return record


def import_preview(
    *, upload: ActivityImport, progress: Callable[[int, int], None] | None = None
) -> ActivityImport:
    """Parse and validate every row; store the preview (nothing is saved to the records)."""
    with upload.file.open("rb") as fh:
        try:
            rows = parse_file(
                fh, upload.file_format, upload.organization_id, progress, _deadline(upload)
            )
        except FileError as exc:
            upload.status = ImportStatus.FAILED
            upload.report = {"error": str(exc)}
            upload.save(update_fields=["status", "report"])
            return upload
    upload.preview = [r.as_dict() for r in rows]
    upload.row_count = len(rows)
    upload.status = ImportStatus.PREVIEW
    upload.save(update_fields=["preview", "row_count", "status"])
    return upload


def import_apply(
    *,
    upload: ActivityImport,
    by: AnyUser,
    submit_now: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Save every valid row in one transaction; re-read the file (the preview is not trusted).
    Returns the report: created / updated / rejected per row."""

    if upload.user_id != by.pk or not org_rules.can_record_drafts(by, upload.organization):
        raise PermissionDenied
    if submit_now and not org_rules.can_submit(by, upload.organization):
        raise PermissionDenied(_("Solo il referente dell'organizzazione può inviare le attività."))
    with upload.file.open("rb") as fh:
        try:
            rows = parse_file(
                fh, upload.file_format, upload.organization_id, deadline=_deadline(upload)
            )
        except FileError as exc:
            upload.status = ImportStatus.FAILED
            upload.report = {"error": str(exc)}
            upload.save(update_fields=["status", "report"])
            return upload.report
    counts = {"created": 0, "updated": 0, "rejected": 0}
    total = len(rows)
    outcome_of: dict[int, tuple[str, int]] = {}  # row index → (outcome, pk)
    new_rows: list[tuple[int, ParsedRow]] = []
    with transaction.atomic():
        for index, row in enumerate(rows):
            if not row.ok or row.item is None:
                counts["rejected"] += 1
            elif row.existing is not None:
                # An existing draft: through the service, one row at a time (re-imports are few).
                activity_update(activity=row.existing, by=by, item=row.item)
                if submit_now:
                    row.existing.refresh_from_db()
                    activity_submit(activity=row.existing, by=by)
                counts["updated"] += 1
                outcome_of[index] = ("updated", row.existing.pk)
                if progress and counts["updated"] % 50 == 0:
                    progress(counts["updated"], total)
            else:
                new_rows.append((index, row))
        # New records: set-based, in chunks (import_bulk).
        done_before = counts["updated"]
        created = activities_bulk_create(
            organization=upload.organization,
            by=by,
            rows=[row for _i, row in new_rows],
            submit_now=submit_now,
            progress=(lambda n: progress(done_before + n, total)) if progress else None,
        )
        for (index, _row), activity in zip(new_rows, created, strict=True):
            outcome_of[index] = ("created", activity.pk)
        counts["created"] = len(created)
        report_rows: list[dict[str, Any]] = []
        for index, row in enumerate(rows):
            if index in outcome_of:
                outcome, pk = outcome_of[index]
                report_rows.append({**row.as_dict(), "outcome": outcome, "pk": pk})
            else:
                report_rows.append({**row.as_dict(), "outcome": "rejected"})
        upload.status = ImportStatus.DONE
        upload.finished_at = timezone.now()
        upload.report = {**counts, "rows": report_rows}
        upload.save(update_fields=["status", "finished_at", "report"])
    upload.file.delete(save=True)
    return upload.report


def _deadline(upload: ActivityImport) -> Deadline:
    """Reading stops with a message before the job's own (scaled) limit kills it, and never
    earlier than UPLOAD_PARSE_TIME_LIMIT."""
    seconds = max(settings.UPLOAD_PARSE_TIME_LIMIT, import_time_limit(upload) * 0.8)
    return Deadline(seconds)


def import_time_limit(upload: ActivityImport) -> int:
    """The import job's hard time limit (seconds): it scales with the rows, so a big file is
    never cut at a fixed limit. After the preview the rows are counted; before it, they are
    over-estimated from the file's size (a row takes at least 50 bytes, even compressed)."""
    rows = upload.row_count
    if not rows and upload.file:
        rows = upload.file.size // 50
    return settings.IMPORT_TIME_LIMIT_BASE + settings.IMPORT_SECONDS_PER_1000_ROWS * (
        rows // 1000 + 1
    )


def report_csv(report: dict[str, Any]) -> bytes:
    labels = {"created": _("creata"), "updated": _("aggiornata"), "rejected": _("scartata")}
    rows: list[list[Any]] = [[_("Riga"), _("Codice riga"), _("Titolo"), _("Esito"), _("Errori")]]
    for row in report.get("rows", []):
        rows.append(
            [
                row["line"],
                row["key"],
                row["title"],
                labels.get(row["outcome"], row["outcome"]),
                "; ".join(f"{e['column']}: {e['message']}" for e in row["errors"]),
            ]
        )
    return csv_bytes(rows)
