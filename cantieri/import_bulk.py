"""Set-based saving of imported activity records (issue 14, "Imports").

The rows were validated by `imports.parse_file` (lookups prefetched once into dicts, the
programme rules of services.validate_activity applied to each row in Python, no query per row).
New records are then saved in chunks. On PostgreSQL each chunk is five COPYs built straight from
the parsed values (no model instances): the records with their zone sets, their history rows,
the quartieri links, the target-group counts and the funding rows. Elsewhere (SQLite) one
bulk INSERT each (django-simple-history's bulk_create_with_history for the records). A handful
of queries per thousand rows instead of a dozen per row. Updates of existing drafts keep going
through services.activity_update.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from citta_del_noi.jobs.queue import enqueue
from territori.models import PuntoComunita, Quartiere

from . import coverage_cache
from .activity_rules import (
    DATA_FIELDS,
    DECIMAL_FIELDS,
    FIGURE_FIELDS,
    RELATION_FIELDS,
    TEXT_FIELDS,
)
from .models import ActivityFunding, ActivityRecord, ActivityStatus, ActivityTargetCount
from .services import _apply

CHUNK = 1000


@dataclass
class EncodedRow:
    """A new record straight from the preview's staging file (imports/staging.py: references
    as primary keys, dates in ISO form, amounts as decimal strings). On PostgreSQL its COPY
    rows are built from these values with no model instance and no ActivityInput (the apply's
    Python time per row was mostly rebuilding them)."""

    key: str
    encoded: dict[str, Any]


def copies() -> bool:
    """True when new records go through COPY (PostgreSQL) and may be EncodedRows."""
    return connection.vendor == "postgresql"


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def activities_bulk_create(
    *,
    organization: Any,
    by: Any,
    rows: list[Any],
    submit_now: bool,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Create one record per valid ParsedRow (row.item validated, row.key its import key), in
    the caller's transaction; returns the records' pks in the rows' order.

    The caller has checked that `by` may record (and, with submit_now, submit) for the
    organisation; a record sent at once is created in the "submitted" state."""
    now = timezone.now()
    created: list[int] = []
    coverage_cache.bump_after_commit()
    zones = _ZoneMaps() if connection.vendor == "postgresql" and rows else None
    for chunk in _chunks(rows, CHUNK):
        if zones is not None:
            created += _copy_chunk(chunk, organization, by, submit_now, now, zones)
        else:
            created += _orm_chunk(chunk, organization, by, submit_now, now)
        if progress:
            progress(len(created))
    return created


def _orm_chunk(
    chunk: list[Any], organization: Any, by: Any, submit_now: bool, now: Any
) -> list[int]:
    """Other databases (the SQLite `make run` path): the ORM's bulk inserts."""
    through = ActivityRecord.quartieri.through
    m2m = ActivityRecord._meta.get_field("quartieri")
    left, right = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    records = []
    for row in chunk:
        activity = ActivityRecord(organization=organization, created_by=by, import_key=row.key)
        _apply(activity, row.item)
        if submit_now:
            activity.status = ActivityStatus.SUBMITTED
            activity.submitted_at = now
        records.append(activity)
    records = bulk_create_with_history(
        records, ActivityRecord, batch_size=CHUNK, default_user=by, default_date=now
    )
    links, targets, fundings = [], [], []
    for activity, row in zip(records, chunk, strict=True):
        item = row.item
        links += [
            through(**{f"{left}_id": activity.pk, f"{right}_id": q.pk}) for q in item.quartieri
        ]
        targets += [
            ActivityTargetCount(activity=activity, target_group=g, participants=int(c))
            for g, c in item.target_counts.items()
            if c
        ]
        fundings += [
            ActivityFunding(activity=activity, source=s, amount=a)
            for s, a in item.fundings.items()
            if a
        ]
    through.objects.bulk_create(links, batch_size=CHUNK)
    ActivityTargetCount.objects.bulk_create(targets, batch_size=CHUNK)
    ActivityFunding.objects.bulk_create(fundings, batch_size=CHUNK)
    return [r.pk for r in records]


class _ZoneMaps:
    """quartiere id → zona id and Punto Comunità id → zona id (one query each), to send each
    record's zone set with it: the links trigger (cantieri 0012) then finds every set right
    and rewrites none of the records just written."""

    def __init__(self) -> None:
        self.by_quartiere = dict(Quartiere.objects.values_list("id", "zona_id"))
        self.by_punto = {
            p: self.by_quartiere[q]
            for p, q in PuntoComunita.objects.values_list("id", "quartiere_id")
            if q is not None
        }

    def of(self, item: Any) -> list[int]:
        zones = {self.by_quartiere[q.pk] for q in item.quartieri}
        punto = item.data.get("punto_comunita")
        if punto is not None and punto.pk in self.by_punto:
            zones.add(self.by_punto[punto.pk])
        return sorted(zones)

    def of_encoded(self, encoded: dict[str, Any]) -> list[int]:
        zones = {self.by_quartiere[q] for q in encoded["quartieri"]}
        punto = encoded["data"].get("punto_comunita")
        if punto is not None and punto in self.by_punto:
            zones.add(self.by_punto[punto])
        return sorted(zones)


def _record_values(
    row: Any, organization: Any, by: Any, submit_now: bool, now: Any
) -> dict[str, Any]:
    """A record's columns by attname, as `services._apply` sets them on a new record (the
    parsed rows hold normalised values: whole numbers as int, amounts as Decimal, texts
    stripped), without building a model instance (about 0.1 ms a record)."""
    values: dict[str, Any] = dict(_DEFAULTS)
    data = row.item.data
    for name in DATA_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in RELATION_FIELDS:
            values[f"{name}_id"] = value.pk if value is not None else None
        elif name in FIGURE_FIELDS:
            values[name] = (Decimal(str(value or 0))) if name in DECIMAL_FIELDS else int(value or 0)
        elif name in TEXT_FIELDS:
            values[name] = (value or "").strip()
        else:
            values[name] = value
    values.update(
        organization_id=organization.pk,
        created_by_id=by.pk,
        import_key=row.key,
        created_at=now,
        updated_at=now,
    )
    if submit_now:
        values.update(status=ActivityStatus.SUBMITTED.value, submitted_at=now)
    return values


_DEFAULTS: dict[str, Any] = {
    f.attname: f.get_default() for f in ActivityRecord._meta.concrete_fields if not f.primary_key
}


_MISSING = object()
_REL, _INT, _DEC, _TEXT, _DATE, _PLAIN = range(6)


class _Layout:
    """Where each value of an EncodedRow goes in the record's COPY row (the model's concrete
    fields without the pk, in order), computed once per chunk."""

    def __init__(self, fields: list[Any], base: dict[str, Any]) -> None:
        position = {f.attname: i for i, f in enumerate(fields)}
        self.base = [base[f.attname] for f in fields]
        self.key = position["import_key"]
        self.plan: list[tuple[str, int, int]] = []
        for name in DATA_FIELDS:
            if name in RELATION_FIELDS:
                self.plan.append((name, position[f"{name}_id"], _REL))
            elif name in FIGURE_FIELDS:
                self.plan.append((name, position[name], _DEC if name in DECIMAL_FIELDS else _INT))
            elif name in TEXT_FIELDS:
                self.plan.append((name, position[name], _TEXT))
            elif name in ("period_start", "period_end"):
                self.plan.append((name, position[name], _DATE))
            else:
                self.plan.append((name, position[name], _PLAIN))

    def row(self, key: str, data: dict[str, Any]) -> list[Any]:
        """The same values as _record_values(row) for the row's ActivityInput."""
        out = self.base.copy()
        out[self.key] = key
        for name, index, kind in self.plan:
            value = data.get(name, _MISSING)
            if value is _MISSING:
                continue
            if kind == _INT:
                value = int(value or 0)
            elif kind == _DEC:
                value = Decimal(str(value or 0))
            elif kind == _TEXT:
                value = (value or "").strip()
            elif kind == _DATE and value is not None:
                value = date.fromisoformat(value)
            out[index] = value
        return out


def _copy_chunk(
    chunk: list[Any], organization: Any, by: Any, submit_now: bool, now: Any, zones: _ZoneMaps
) -> list[int]:
    """PostgreSQL: the records (with their zone sets), their history rows ("+", by `by`, at
    `now`), quartieri links, target counts and funding rows, each with one COPY.

    The ORM's INSERT prepares every field of every object in Python; COPY sends the values as
    they are. The ids come from the table's sequence first (one query), so the history rows and
    the links can name them."""
    meta = ActivityRecord._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    history = ActivityRecord.history.model
    history_fields = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    extra = {
        "history_date": now,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": by.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(chunk)],
        )
        ids = [int(r[0]) for r in cursor.fetchall()]
        histories: list[list[Any]] = []
        links: list[tuple[int, int]] = []
        targets: list[tuple[int, int, int]] = []
        fundings: list[tuple[int, int, Decimal]] = []

        encoded = bool(chunk) and isinstance(chunk[0], EncodedRow)
        if encoded:
            base = dict(_DEFAULTS)
            base.update(
                organization_id=organization.pk, created_by_id=by.pk, created_at=now, updated_at=now
            )
            if submit_now:
                base.update(status=ActivityStatus.SUBMITTED.value, submitted_at=now)
            layout = _Layout(fields, base)
            # A history row takes the record's values (and its id, first) plus `extra`.
            record_index = {f.attname: i + 1 for i, f in enumerate(fields)} | {"id": 0}
            extra_names = [n for n in history_fields if n not in record_index]
            record_index |= {n: len(fields) + 1 + i for i, n in enumerate(extra_names)}
            history_index = [record_index[n] for n in history_fields]
            extra_values = [extra.get(n) for n in extra_names]

        def records() -> Iterator[list[Any]]:
            # Built while the COPY streams: the database inserts a row while the next is made.
            for pk, row in zip(ids, chunk, strict=True):
                if encoded:
                    item = row.encoded
                    values_row = [pk, *layout.row(row.key, item["data"])]
                    yield [*values_row, zones.of_encoded(item)]
                    values_row += extra_values
                    histories.append([values_row[i] for i in history_index])
                    links.extend((pk, q) for q in item["quartieri"])
                    targets.extend((pk, int(g), int(c)) for g, c in item["targets"].items() if c)
                    for source, text in item["fundings"].items():
                        if amount := Decimal(text):
                            fundings.append((pk, int(source), amount))
                    continue
                values = _record_values(row, organization, by, submit_now, now)
                values["id"] = pk
                yield [pk, *(values[f.attname] for f in fields), zones.of(row.item)]
                histories.append([values.get(name, extra.get(name)) for name in history_fields])
                item = row.item
                links.extend((pk, q.pk) for q in item.quartieri)
                targets.extend((pk, g.pk, int(c)) for g, c in item.target_counts.items() if c)
                fundings.extend((pk, s.pk, a) for s, a in item.fundings.items() if a)

        raw = cursor.cursor  # psycopg's own cursor, for COPY
        _copy(
            raw, meta.db_table, [meta.pk.column, *(f.column for f in fields), "zone_ids"], records()
        )
        _copy(
            raw,
            history._meta.db_table,
            [history._meta.get_field(n).column for n in history_fields],
            histories,
        )
        through = ActivityRecord.quartieri.through
        m2m = meta.get_field("quartieri")
        _copy(
            raw,
            through._meta.db_table,
            [f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"],
            links,
        )
        _copy(
            raw,
            ActivityTargetCount._meta.db_table,
            ["activity_id", "target_group_id", "participants"],
            targets,
        )
        _copy(raw, ActivityFunding._meta.db_table, ["activity_id", "source_id", "amount"], fundings)
    return ids


# After an import that created this many records, the activity tables' statistics are
# refreshed: the planner otherwise keeps estimating the organisation's records as before.
ANALYZE_AFTER = 10_000
_ANALYZED = (
    "cantieri_activityrecord",
    "cantieri_activityrecord_quartieri",
    "cantieri_activitytargetcount",
    "cantieri_activityfunding",
)


def analyze_after_bulk(created: int) -> None:
    """After a big import, queue the ANALYZE of the activity tables (task
    "cantieri.analyze_activity_tables", once the import's transaction has committed): the
    statistics are maintenance, not part of saving, and the import job is done without
    waiting for them (1–3 s at 100,000 rows on a loaded machine)."""
    if connection.vendor != "postgresql" or created < ANALYZE_AFTER:
        return
    transaction.on_commit(lambda: enqueue("cantieri.analyze_activity_tables"))


def analyze_activity_tables() -> None:
    """ANALYZE the activity tables (PostgreSQL; the task's body)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in _ANALYZED:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _copy(raw: Any, table: str, columns: list[str], rows: Iterable[Any]) -> None:
    if isinstance(rows, list) and not rows:
        return
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
