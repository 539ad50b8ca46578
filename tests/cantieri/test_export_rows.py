"""The exports' fast row reader (issue 14): flat values, names from reference tables loaded
once, quartieri per chunk. Same content and columns as the model-instance reader it replaced,
the same neutralisation, a time limit that grows with the archive, a progress bar that moves."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cantieri import export_jobs, exports, selectors
from cantieri.models import ActivityRecord, ActivityStatus
from cantieri.selectors import ActivityFilters
from citta_del_noi.common.spreadsheets import XlsxStreamWriter, neutralize_cell
from citta_del_noi.jobs.models import Job
from citta_del_noi.jobs.services import JobContext

from .factories import quartiere_in, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _reference_rows(qs: Any) -> list[list[Any]]:
    """The reader the exports used before (model instances, select/prefetch_related)."""
    out = []
    records = qs.select_related("organization", "azione", "kind", "reporting_period")
    for a in records.prefetch_related("quartieri"):
        row: list[Any] = []
        for key, _label in exports.columns():
            if key == "organization":
                value: Any = a.organization.name
            elif key == "azione":
                value = f"{a.azione.number}. {a.azione.name}"
            elif key == "kind":
                value = a.kind.name
            elif key == "reporting_period":
                value = a.reporting_period.name
            elif key == "status":
                value = a.get_status_display()
            elif key == "city_wide":
                value = _("sì") if a.city_wide else _("no")
            elif key == "quartieri":
                value = "; ".join(q.name for q in a.quartieri.all())
            else:
                value = getattr(a, key)
            row.append(value)
        out.append(row)
    return out


def _records(world: Any) -> None:
    several = [quartiere_in("sud"), quartiere_in("nord"), quartiere_in("est")]
    record(world.org_a, title="Più quartieri", quartieri=several, status=ActivityStatus.APPROVED)
    record(world.org_a, title="Tutta la città", city_wide=True, quartieri=[])
    record(world.org_b, title='=HYPERLINK("x")', status=ActivityStatus.SUBMITTED, azione="anziani")
    r = record(world.org_b, title="Ore", status=ActivityStatus.RETURNED)
    ActivityRecord.objects.filter(pk=r.pk).update(
        volunteer_hours=Decimal("2.5"), in_kind_value=Decimal("-12.75")
    )


def test_rows_match_the_model_reader_on_the_same_records(world):
    _records(world)
    qs = selectors.activities_filtered_for(world.users["staff"], ActivityFilters())
    expected = _reference_rows(qs)
    assert len(expected) >= 4
    assert [list(r) for r in exports._rows(qs)] == expected
    assert [list(r) for r in exports._rows(qs, in_transaction=False)] == expected
    several = next(r for r in expected if r[7] == "Più quartieri")
    assert several[11].count("; ") == 2  # three quartieri, in their zone/name order


def test_chunks_keep_every_row_and_its_quartieri(world, monkeypatch):
    _records(world)
    qs = selectors.activities_filtered_for(world.users["staff"], ActivityFilters())
    expected = _reference_rows(qs)
    monkeypatch.setattr(exports, "CHUNK", 1)
    assert list(exports._rows(qs)) == expected


def test_csv_and_xlsx_neutralise_like_neutralize_cell(world):
    _records(world)
    qs = selectors.activities_filtered_for(world.users["staff"], ActivityFilters())
    expected = [[neutralize_cell(v) for v in row] for row in _reference_rows(qs)]
    buf = io.BytesIO()
    assert exports.write_csv(qs, buf) == len(expected)
    lines = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == exports.header()
    assert [row[7] for row in lines[1:]] == [row[7] for row in expected]
    assert '\'=HYPERLINK("x")' in [row[7] for row in lines[1:]]

    buf = io.BytesIO()
    assert exports.write_xlsx(qs, buf) == len(expected)
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws is not None
    assert [c.value for c in ws[1]] == exports.header() and ws["A1"].font.b
    for cells, want in zip(ws.iter_rows(min_row=2), expected, strict=True):
        for cell, value in zip(cells, want, strict=True):
            got: Any = cell.value
            if isinstance(value, str):
                assert cell.data_type == "s" and got == value
            elif value is None:
                assert got is None
            elif hasattr(value, "isoformat"):
                assert got.date() == value and cell.number_format == "yyyy-mm-dd"
            else:
                assert got == pytest.approx(float(value))


def test_xlsx_stream_writer_keeps_text_as_text(tmp_path):
    path = tmp_path / "t.xlsx"
    with open(path, "wb") as handle, XlsxStreamWriter(handle, "Foglio") as sheet:
        sheet.header(["a", "b", "c", "d"])
        sheet.row(["=1+1", "-5", "0012", -5])
        sheet.row(["http://example.org", "@SUM(A1)", None, True])
    ws = load_workbook(path).active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert values == [["'=1+1", "-5", "0012", -5], ["http://example.org", "'@SUM(A1)", None, True]]
    assert all(c.data_type == "s" for c in ws[2][:3]) and ws["A2"].data_type != "f"


def test_time_limit_scales_with_the_rows(settings):
    settings.CELERY_TASK_TIME_LIMIT = 600
    settings.EXPORT_TIME_LIMIT_BASE = 120
    settings.EXPORT_TIME_LIMIT_PER_1000_ROWS = {"csv": 0.5, "xlsx": 2.5}
    assert export_jobs.export_time_limit("csv", 1000) == 600  # never below the default
    assert export_jobs.export_time_limit("csv", 1_000_000) == 900  # 120 + 500, whole 5 min
    assert export_jobs.export_time_limit("xlsx", 1_000_000) == 2700  # 120 + 2500
    assert export_jobs.export_time_limit("xlsx", 2_000_000) > 5000


def test_started_job_carries_the_scaled_time_limit(
    world, settings, django_capture_on_commit_callbacks
):
    record(world.org_a, title="Uno")
    settings.EXPORT_TIME_LIMIT_BASE = 1000
    client = Client()
    client.force_login(world.users["partner_a"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("cantieri:activity_export", args=["xlsx"]))
    job = Job.objects.filter(kind="cantieri.export").latest("pk")
    assert (
        job.params["time_limit"]
        == export_jobs.export_time_limit("xlsx", ActivityRecord.objects.count())
        == 1200
    )


def test_progress_moves_row_by_row(world, monkeypatch, django_capture_on_commit_callbacks):
    for i in range(6):
        record(world.org_a, title=f"Riga {i}")
    seen: list[tuple[int, str]] = []
    original = JobContext.progress

    def spy(self: JobContext, percent: float, step: Any = "") -> None:
        seen.append((int(percent), str(step)))
        original(self, percent, step)

    monkeypatch.setattr(JobContext, "progress", spy)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 2)
    client = Client()
    client.force_login(world.users["partner_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cantieri:activity_export", args=["csv"]))
    job = Job.objects.filter(kind="cantieri.export").latest("pk")
    assert job.status == "done", job.error
    rows = [step for _p, step in seen if step.startswith("Riga ")]
    assert len(rows) >= 3 and rows[0].startswith("Riga 2 di ")
    percents = [p for p, step in seen if step.startswith("Riga ")]
    assert percents == sorted(percents) and percents[-1] > percents[0]


def test_small_or_job_asks_the_planner_before_counting(world, monkeypatch):
    record(world.org_a, title="Piccolo")
    qs = selectors.activities_filtered_for(world.users["staff"], ActivityFilters(q="Piccolo"))
    assert export_jobs.planner_rows(qs.values("pk")) >= 1  # PostgreSQL's estimate
    assert not export_jobs.needs_job(qs, "csv")
    monkeypatch.setattr(export_jobs, "planner_rows", lambda _qs: 10**9)
    assert export_jobs.needs_job(qs, "csv")  # clearly large: a job, whatever the count
    assert export_jobs.needs_job(qs, "xlsx")
