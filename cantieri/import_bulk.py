"""Set-based saving of imported activity records (issue 14, "Imports").

The rows were validated by `imports.parse_file` (lookups prefetched once into dicts, the
programme rules of services.validate_activity applied to each row in Python, no query per row).
New records are then saved in chunks: one INSERT per chunk for the records (with their history
rows, django-simple-history's bulk_create_with_history), one for the quartieri links, one for the
target-group counts and one for the funding rows: a handful of queries per thousand rows instead
of a dozen per row. Updates of existing drafts keep going through services.activity_update.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import coverage_cache
from .models import ActivityFunding, ActivityRecord, ActivityStatus, ActivityTargetCount
from .services import _apply

CHUNK = 1000


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
) -> list[ActivityRecord]:
    """Create one record per valid ParsedRow (row.item validated, row.key its import key), in
    the caller's transaction; returns the records in the rows' order, with their pks.

    The caller has checked that `by` may record (and, with submit_now, submit) for the
    organisation; a record sent at once is created in the "submitted" state."""
    through = ActivityRecord.quartieri.through
    m2m = ActivityRecord._meta.get_field("quartieri")
    left, right = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    now = timezone.now()
    created: list[ActivityRecord] = []
    coverage_cache.bump_after_commit()
    for chunk in _chunks(rows, CHUNK):
        records = []
        for row in chunk:
            activity = ActivityRecord(organization=organization, created_by=by, import_key=row.key)
            _apply(activity, row.item)
            if submit_now:
                activity.status = ActivityStatus.SUBMITTED
                activity.submitted_at = now
            records.append(activity)
        if connection.vendor == "postgresql":
            _copy_with_history(records, by=by, now=now)
        else:
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
        created += records
        if progress:
            progress(len(created))
    return created


def _copy_with_history(records: list[ActivityRecord], *, by: Any, now: Any) -> None:
    """PostgreSQL: the records and their history rows ("+", by `by`, at `now`) with COPY.

    The ORM's INSERT prepares every field of every object in Python (about 1 ms a record with
    its history row); COPY sends the values as they are. The ids come from the table's sequence
    first (one query), so the history rows and the links can name them. Row triggers (the zone
    set, 0009_list_indexes) run for COPY as for INSERT."""
    meta = ActivityRecord._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    history = ActivityRecord.history.model
    own = {f.attname for f in meta.concrete_fields}
    extra = {
        "history_date": now,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": by.pk,
    }
    history_fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(records)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for record, pk in zip(records, ids, strict=True):
            record.pk = pk
            record.created_at = now
            record.updated_at = now
            record._state.adding = False
            record._state.db = connection.alias
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        columns = ", ".join(
            connection.ops.quote_name(c) for c in [meta.pk.column] + [f.column for f in fields]
        )
        with raw.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for record in records:
                copy.write_row([record.pk, *(getattr(record, f.attname) for f in fields)])
        columns = ", ".join(connection.ops.quote_name(f.column) for f in history_fields)
        table = connection.ops.quote_name(history._meta.db_table)
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(
                    [
                        getattr(record, f.attname) if f.attname in own else extra[f.attname]
                        for f in history_fields
                    ]
                )
