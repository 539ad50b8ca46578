"""The preview's staging file: the file is read ONCE (issue 14, "Imports").

The preview job validates every row and writes it, normalised, to a gzip-compressed JSON-lines
file in private storage (imports/staging/<import pk>.jsonl.gz): one line per data row, with
its line number, code, title, errors and, for a valid row, the values to save (references as
primary keys, dates in ISO form, amounts as decimal strings). The apply job reads this file
instead of the spreadsheet, rebuilds the rows with one query per reference table, and re-checks
set-based what may have changed since the preview (the period closed, the code now used by a
record that cannot be updated). Streamed both ways: memory bounded by a chunk.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from citta_del_noi.common.storage import private_storage, publishing_path

from ..activity_rules import DECIMAL_FIELDS, RELATION_FIELDS, ActivityInput
from ..models import ActivityRecord, FundingSource, TargetGroup
from .parsing import ParsedRow

DATE_FIELDS = ("period_start", "period_end")


def staging_name(import_pk: int) -> str:
    return f"imports/staging/{import_pk}.jsonl.gz"


def _encode_item(item: ActivityInput) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in item.data.items():
        if name in RELATION_FIELDS:
            data[name] = value.pk if value is not None else None
        elif isinstance(value, date):
            data[name] = value.isoformat()
        elif isinstance(value, Decimal):
            data[name] = str(value)
        else:
            data[name] = value
    return {
        "data": data,
        "quartieri": [q.pk for q in item.quartieri],
        "targets": {str(g.pk): n for g, n in item.target_counts.items()},
        "fundings": {str(s.pk): str(a) for s, a in item.fundings.items()},
    }


def encode_row(row: ParsedRow) -> dict[str, Any]:
    return {
        **row.as_dict(),
        "existing": row.existing.pk if row.existing is not None else None,
        "item": _encode_item(row.item) if row.item is not None and row.ok else None,
    }


class _JsonLinesWriter:
    """Context manager: gzip-compressed JSON lines, published when the block ends (on error,
    nothing is published)."""

    name: str

    def __init__(self, name: str) -> None:
        self.name = name
        self._publishing = publishing_path(self.name, storage=private_storage())

    def __enter__(self) -> Any:
        path = self._publishing.__enter__()
        # Level 1: the file is small anyway, and compressing stays cheap next to parsing.
        self._gz = gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
        return self

    def write_line(self, value: dict[str, Any]) -> None:
        self._gz.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        self._gz.write("\n")

    def __exit__(self, *exc: Any) -> None:
        self._gz.close()
        self._publishing.__exit__(*exc)


class StagingWriter(_JsonLinesWriter):
    """`write(row)` per parsed row; the file is published when the block ends."""

    def __init__(self, import_pk: int) -> None:
        super().__init__(staging_name(import_pk))

    def write(self, row: ParsedRow) -> None:
        self.write_line(encode_row(row))


def report_name(import_pk: int) -> str:
    return f"imports/reports/{import_pk}.jsonl.gz"


class ReportWriter(_JsonLinesWriter):
    """The apply's per-row report, one JSON line per row, streamed to private storage (the
    record keeps only a bounded part): memory flat in the number of rows."""

    def __init__(self, import_pk: int) -> None:
        super().__init__(report_name(import_pk))

    def write_all(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.write_line(row)


def report_exists(name: str) -> bool:
    return private_storage().exists(name)


def iter_report(name: str) -> Iterator[dict[str, Any]]:
    yield from _iter_lines(name)


def staging_exists(import_pk: int) -> bool:
    return private_storage().exists(staging_name(import_pk))


def delete_staging(import_pk: int) -> None:
    private_storage().delete(staging_name(import_pk))


def iter_staged(import_pk: int) -> Iterator[dict[str, Any]]:
    """The staged rows, in the file's order (streamed)."""
    yield from _iter_lines(staging_name(import_pk))


def _iter_lines(name: str) -> Iterator[dict[str, Any]]:
    with (
        private_storage().open(name, "rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8") as lines,
    ):
        for line in lines:
            yield json.loads(line)


class References:
    """Every reference table read once, by primary key, to rebuild the staged rows."""

    def __init__(self) -> None:
        self.by_field: dict[str, dict[int, models.Model]] = {}
        for name in RELATION_FIELDS:
            model = ActivityRecord._meta.get_field(name).related_model
            self.by_field[name] = {o.pk: o for o in model._default_manager.all()}  # type: ignore[union-attr]
        quartiere = ActivityRecord._meta.get_field("quartieri").related_model
        self.quartieri = {q.pk: q for q in quartiere._default_manager.all()}  # type: ignore[union-attr]
        self.groups = {g.pk: g for g in TargetGroup.objects.all()}
        self.sources = {s.pk: s for s in FundingSource.objects.all()}

    def period(self, encoded: dict[str, Any]) -> models.Model | None:
        """The staged row's reporting period, as item(encoded).data would hold it."""
        pk = encoded["data"].get("reporting_period")
        return self.by_field["reporting_period"].get(pk) if pk is not None else None

    def item(self, encoded: dict[str, Any]) -> ActivityInput:
        data: dict[str, Any] = {}
        for name, value in encoded["data"].items():
            if name in RELATION_FIELDS:
                data[name] = self.by_field[name].get(value) if value is not None else None
            elif name in DATE_FIELDS and value is not None:
                data[name] = date.fromisoformat(value)
            elif name in DECIMAL_FIELDS and isinstance(value, str):
                data[name] = Decimal(value)
            else:
                data[name] = value
        return ActivityInput(
            data=data,
            quartieri=[self.quartieri[pk] for pk in encoded["quartieri"]],
            target_counts={self.groups[int(pk)]: n for pk, n in encoded["targets"].items()},
            fundings={self.sources[int(pk)]: Decimal(a) for pk, a in encoded["fundings"].items()},
        )
