"""Imports save new records set-based (issue 14, "Imports"): the number of queries does not grow
with the rows, and each record still gets its history row, quartieri, target counts and its line
in the per-row report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cantieri import imports
from cantieri.models import ActivityRecord

from .factories import period
from .test_imports import row, xlsx

pytestmark = pytest.mark.django_db


def _apply(world, prefix: str, n: int, bad: int = 0) -> tuple[dict, int]:
    rows = [row(f"{prefix}{i}") for i in range(n)] + [
        row(f"{prefix}X{i}", total=-1) for i in range(bad)
    ]
    upload = imports.import_upload(
        user=world.users["partner_a"],
        organization=world.org_a,
        upload=SimpleUploadedFile("a.xlsx", xlsx(rows)),
        fmt="xlsx",
    )
    with CaptureQueriesContext(connection) as queries:
        report = imports.import_apply(upload=upload, by=world.users["partner_a"], submit_now=True)
    return report, len(queries)


def test_new_rows_are_saved_with_a_bounded_number_of_queries(world) -> None:
    period()
    small, small_queries = _apply(world, "S", 5)
    large, large_queries = _apply(world, "L", 120, bad=3)
    assert small["created"] == 5
    assert large["created"] == 120 and large["rejected"] == 3
    assert large_queries <= small_queries + 5, (small_queries, large_queries)
    lines = [r["line"] for r in large["rows"]]
    assert lines == sorted(lines) and len(lines) == 123
    assert {r["outcome"] for r in large["rows"][:120]} == {"created"}
    assert {r["outcome"] for r in large["rows"][120:]} == {"rejected"}
    record = ActivityRecord.objects.get(import_key="L7")
    assert record.status == "submitted" and record.submitted_at is not None
    assert [q.name for q in record.quartieri.all()] == ["Mompiano"]
    assert record.target_counts.get().participants == 8
    assert record.history.count() == 1
    assert record.history.get().history_user == world.users["partner_a"]
    assert large["rows"][7]["pk"] == record.pk
