"""Bulk insertion of generated records (ORM batches or PostgreSQL COPY)."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..models import (
    ActivityFunding,
    ActivityRecord,
    ActivityTargetCount,
)
from .generator import Generator

BATCH = 5000


def bulk_insert(gen: Generator, count: int, *, with_history: bool = False, say: Any = None) -> int:
    """Insert `count` records in batches: records, then quartieri/target/funding rows in bulk.

    On PostgreSQL without history (the benchmark path) rows go through COPY with ids reserved
    from the sequence; elsewhere through bulk_create."""
    use_copy = connection.vendor == "postgresql" and not with_history
    made = 0
    weights = [1] * len(gen.periods)
    started = time.monotonic()
    batches = 0
    while made < count:
        size = min(BATCH, count - made)
        batch = []
        for _i in range(size):
            period = gen.rng.choices(gen.periods, weights)[0]
            batch.append(gen.record(period, gen.status_for(period)))
        with transaction.atomic():
            if use_copy:
                _copy_batch(batch)
            else:
                _orm_batch(batch, with_history)
        made += size
        batches += 1
        if count > BATCH and (batches in _ANALYZE_AFTER or batches % 40 == 0):
            _analyze()
        if say and (made % 100_000 == 0 or made == count) and count >= 100_000:
            say(f"  … {made} attività ({time.monotonic() - started:.0f} s)")
    return made


# Statistics after the first batches, then every 40: the deferred foreign-key checks at each
# commit are planned from the tables' statistics, and a table last analysed empty (the
# migrations' ANALYZE on a new database) gets a sequential scan per checked row — seeding
# 1,000,000 records then grew quadratically (30 s a batch at 30,000 records).
_ANALYZE_AFTER = {1, 2, 5, 10, 20}
_ANALYZED = (
    "cantieri_activityrecord",
    "cantieri_activityrecord_quartieri",
    "cantieri_activitytargetcount",
    "cantieri_activityfunding",
)


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in _ANALYZED:
            cursor.execute(f'ANALYZE "{table}"')


def _orm_batch(batch: list, with_history: bool) -> None:
    through = ActivityRecord.quartieri.through
    records = ActivityRecord.objects.bulk_create(
        [ActivityRecord(**b[0]) for b in batch], batch_size=1000
    )
    q_rows, t_rows, f_rows = [], [], []  # type: ignore[var-annotated]
    for record, (_r, quartieri, targets, fundings) in zip(records, batch, strict=True):
        q_rows.extend(through(activityrecord_id=record.pk, quartiere_id=q) for q in quartieri)
        t_rows.extend(
            ActivityTargetCount(activity_id=record.pk, target_group_id=g, participants=n)
            for g, n in targets.items()
        )
        f_rows.extend(
            ActivityFunding(activity_id=record.pk, source_id=s, amount=a)
            for s, a in fundings.items()
        )
    through.objects.bulk_create(q_rows, batch_size=2000)
    ActivityTargetCount.objects.bulk_create(t_rows, batch_size=2000)
    ActivityFunding.objects.bulk_create(f_rows, batch_size=2000)
    if with_history:
        ActivityRecord.history.bulk_history_create(records, batch_size=1000)


def _reserve_ids(table: str, n: int) -> int:
    """Reserve n consecutive ids from the table's sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        seq = cursor.fetchone()[0]
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [seq])
        cursor.execute("SELECT nextval(%s)", [seq])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
    return int(first)


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{table}" ({cols}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _value(field: Any, values: dict[str, Any], defaults: dict[str, Any]) -> Any:
    """The generated value, else the seeding default, else the model field's own default (COPY
    sends every column: a field added later, such as `documented`, must not arrive as NULL)."""
    if field.attname in values:
        return values[field.attname]
    if field.attname in defaults:
        return defaults[field.attname]
    return field.get_default() if field.has_default() else None


def _zone_maps() -> tuple[dict[int, int], dict[int, int]]:
    """quartiere id → zona id, Punto Comunità id → zona id."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, zona_id FROM territori_quartiere")
        by_quartiere = {int(q): int(z) for q, z in cursor.fetchall()}
        cursor.execute("SELECT id, quartiere_id FROM territori_puntocomunita")
        by_punto = {int(p): by_quartiere[int(q)] for p, q in cursor.fetchall() if q is not None}
    return by_quartiere, by_punto


def _copy_batch(batch: list) -> None:
    """COPY a batch of records and their related rows (PostgreSQL, no model instances).

    Each record's zone set is computed here and sent with it, so the links trigger that follows
    (cantieri 0012) finds every set already right and rewrites none of the records."""
    fields = list(ActivityRecord._meta.concrete_fields)
    by_quartiere, by_punto = _zone_maps()
    now = timezone.now()
    defaults: dict[str, Any] = {
        "description": "",
        "in_kind_description": "",
        "spaces": "",
        "import_key": "",
        "created_by_id": None,
        "created_at": now,
        "updated_at": now,
    }
    first = _reserve_ids(ActivityRecord._meta.db_table, len(batch))
    rows, q_rows, t_rows, f_rows = [], [], [], []  # type: ignore[var-annotated]
    for offset, (values, quartieri, targets, fundings) in enumerate(batch):
        pk = first + offset
        zones = {by_quartiere[q] for q in quartieri}
        if values.get("punto_comunita_id") in by_punto:
            zones.add(by_punto[values["punto_comunita_id"]])
        row = [pk if f.attname == "id" else _value(f, values, defaults) for f in fields]
        rows.append((*row, sorted(zones)))
        q_rows.extend((pk, q) for q in quartieri)
        t_rows.extend((pk, g, n) for g, n in targets.items())
        f_rows.extend((pk, s, a) for s, a in fundings.items())
    _copy(ActivityRecord._meta.db_table, [*(f.column for f in fields), "zone_ids"], rows)
    through = ActivityRecord.quartieri.through
    _copy(through._meta.db_table, ["activityrecord_id", "quartiere_id"], q_rows)
    _copy(
        ActivityTargetCount._meta.db_table,
        ["activity_id", "target_group_id", "participants"],
        t_rows,
    )
    _copy(ActivityFunding._meta.db_table, ["activity_id", "source_id", "amount"], f_rows)
