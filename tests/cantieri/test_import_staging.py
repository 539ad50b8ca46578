"""The import reads the file once (issue 14, "Imports"): the preview stages the validated rows,
the apply saves from the staging file and re-checks what changed in between; progress moves;
python-calamine reads the template's cells as openpyxl does."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from cantieri import imports
from cantieri.imports import parsing, reading, staging
from cantieri.models import ActivityImport, ActivityRecord, ImportStatus
from cantieri.tasks import start_import_job
from citta_del_noi.jobs.models import Job

from .factories import period
from .test_imports import row, xlsx

pytestmark = pytest.mark.django_db


def _upload(world, rows: list[list]) -> ActivityImport:
    return _upload_bytes(world, xlsx(rows))


def _upload_bytes(world, content: bytes) -> ActivityImport:
    return imports.import_upload(
        user=world.users["partner_a"],
        organization=world.org_a,
        upload=SimpleUploadedFile("a.xlsx", content),
        fmt="xlsx",
    )


def test_the_file_is_read_once_and_the_apply_saves_from_the_staging_file(
    world, monkeypatch
) -> None:
    period()
    reads = []
    real = parsing.iter_rows

    def counting(*args, **kwargs):
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsing, "iter_rows", counting)
    upload = _upload(world, [row("O1"), row("O2"), row("O3", total=-1)])
    imports.import_preview(upload=upload)
    assert upload.status == ImportStatus.PREVIEW and upload.report == {"valid": 2, "invalid": 1}
    assert staging.staging_exists(upload.pk)
    # The uploaded bytes are gone: the apply cannot read them, only the staging file.
    upload.file.storage.delete(upload.file.name)
    report = imports.import_apply(upload=upload, by=world.users["partner_a"])
    assert reads == [1]
    assert (report["created"], report["rejected"]) == (2, 1)
    assert [r["outcome"] for r in report["rows"]] == ["created", "created", "rejected"]
    assert "non può essere negativo" in report["rows"][2]["errors"][0]["message"]
    saved = ActivityRecord.objects.get(import_key="O2")
    assert [q.name for q in saved.quartieri.all()] == ["Mompiano"]
    assert saved.target_counts.get().participants == 8 and saved.volunteer_hours == 8
    assert not staging.staging_exists(upload.pk)


def test_a_period_closed_between_preview_and_apply_rejects_its_rows(world) -> None:
    p = period()
    upload = _upload(world, [row("C1"), row("C2")])
    imports.import_preview(upload=upload)
    assert upload.report["valid"] == 2
    p.locked_at = timezone.now()
    p.save()
    report = imports.import_apply(upload=upload, by=world.users["partner_a"])
    assert (report["created"], report["rejected"]) == (0, 2)
    assert "Il periodo 2019-H1 è chiuso" in report["rows"][0]["errors"][0]["message"]
    assert not ActivityRecord.objects.filter(import_key__in=["C1", "C2"]).exists()


def test_a_code_taken_between_preview_and_apply_updates_the_draft(world) -> None:
    period()
    first = _upload(world, [row("T1")])
    imports.import_preview(upload=first)
    second = _upload(world, [row("T1", title="Rinominata")])
    imports.import_preview(upload=second)
    imports.import_apply(upload=first, by=world.users["partner_a"])
    report = imports.import_apply(upload=second, by=world.users["partner_a"])
    assert report["updated"] == 1 and report["rows"][0]["action"] == "update"
    assert ActivityRecord.objects.get(import_key="T1").title == "Rinominata"


def test_progress_moves_in_both_phases(world) -> None:
    period()
    upload = _upload(world, [row(f"P{i}") for i in range(2100)])
    seen: list[tuple[int, int]] = []
    imports.import_preview(upload=upload, progress=lambda d, t: seen.append((d, t)))
    assert [d for d, _t in seen] == [500, 1000, 1500, 2000]
    assert {t for _d, t in seen} == {2100}  # the sheet's row count, known from the reader
    applied: list[tuple[int, int]] = []
    imports.import_apply(
        upload=upload, by=world.users["partner_a"], progress=lambda d, t: applied.append((d, t))
    )
    assert applied == [(1000, 2100), (2000, 2100)]


def test_the_streaming_reader_reads_the_template_as_openpyxl_does(world) -> None:
    wb = load_workbook(io.BytesIO(imports.template_xlsx()))
    ws = wb["Attività"]
    ws.append(
        row("D1", "Ginnastica", 10, **{"5": datetime(2019, 2, 1), "17": 2.5, "1": "Caffè «sì»"})
    )
    ws.append(row("D2", "Ginnastica & <b>", 10, **{"6": "28/02/2019", "9": 12}))
    ws.append([])
    ws.append(row("D3", "  spazi  ", 0, **{"7": True, "1": "a\nb"}))
    buf = io.BytesIO()
    wb.save(buf)
    fh = io.BytesIO(buf.getvalue())
    assert not reading.has_formulas(fh)
    fast = list(reading._iter_streamed(fh, None))
    slow = list(reading._iter_openpyxl(fh, None))
    assert len(fast) == len(slow) >= 5
    for a, b in zip(fast, slow, strict=True):
        assert a == b[: len(a)] and all(v is None for v in b[len(a) :])
    assert parsing._parse_date(fast[1][5]) == parsing._parse_date(slow[1][5])
    # The same cells as python-calamine gives (whole numbers as int, empty cells as None).
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(buf.getvalue())).get_sheet_by_name("Attività")
    for a, raw in zip(fast, sheet.iter_rows(), strict=False):
        c: list[Any] = [
            None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in raw
        ]
        c = [datetime(v.year, v.month, v.day) if type(v) is date else v for v in c]
        assert a == c[: len(a)] and all(v is None for v in c[len(a) :])


def test_the_streaming_reader_keeps_memory_flat_and_knows_the_row_count(world) -> None:
    period()
    upload = _upload(world, [row(f"M{i}") for i in range(3000)])
    totals: list[int] = []
    rows = reading.iter_rows(upload.file.open("rb"), "xlsx", on_total=totals.append)
    first = next(rows)
    assert first[0] == "Codice riga" and totals == [3001]
    # Streamed: the reader has not materialised the sheet (a generator over chunks).
    tracemalloc.start()
    for _row in rows:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 3_000_000  # the whole sheet as Python lists would take about 6 MB


def test_markup_the_streaming_reader_does_not_cover_goes_to_openpyxl(world, monkeypatch) -> None:
    period()
    data = xlsx([row("X1")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b"<sheetData><!-- a comment -->")
            dst.writestr(item, content)
    used: list[int] = []
    real = reading._iter_openpyxl

    def counted(*a: Any) -> Any:
        used.append(1)
        return real(*a)

    monkeypatch.setattr(reading, "_iter_openpyxl", counted)
    upload = _upload_bytes(world, out.getvalue())
    imports.import_preview(upload=upload)
    assert used == [1] and upload.report == {"valid": 1, "invalid": 0}


def test_a_formula_is_still_refused_by_the_streaming_reader(world) -> None:
    period()
    upload = _upload(world, [row("F1", **{"9": "=5+5"})])
    assert reading.has_formulas(upload.file.open("rb"))
    imports.import_preview(upload=upload)
    assert upload.report == {"valid": 0, "invalid": 1}
    assert "formula" in upload.preview[0]["errors"][0]["message"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bulk path on PostgreSQL")
def test_5000_rows_end_to_end_through_the_jobs(world) -> None:
    period()
    upload = _upload(world, [row(f"E{i}") for i in range(5000)] + [row("EX", total="dieci")])
    user = world.users["partner_a"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        start_import_job(upload=upload, by=user, phase="preview")
    upload.refresh_from_db()
    assert upload.status == ImportStatus.PREVIEW and upload.row_count == 5001
    assert upload.report == {"valid": 5000, "invalid": 1}
    # Bounded, the row with errors kept although it is the last one.
    assert len(upload.preview) == 1000 and upload.preview[-1]["key"] == "EX"
    with TestCase.captureOnCommitCallbacks(execute=True):
        start_import_job(upload=upload, by=user, phase="apply")
    upload.refresh_from_db()
    assert upload.job_id is not None
    job = Job.objects.get(pk=upload.job_id)
    assert job.status == "done" and job.progress == 100, job.error
    assert job.result == {"created": 5000, "updated": 0, "rejected": 1}
    assert ActivityRecord.objects.filter(import_key__startswith="E").count() == 5000
    # The whole per-row report is streamed to a file; the record keeps a bounded part, the
    # rejected row included although it is the last one.
    assert len(list(imports.report_rows(upload.report))) == 5001
    assert len(upload.report["rows"]) == 1000 and upload.report["rows"][-1]["key"] == "EX"
    with job.result_file.open("rb") as fh:
        assert len(fh.read().decode("utf-8-sig").splitlines()) == 5002
    record = ActivityRecord.objects.get(import_key="E7")
    assert record.history.get().history_type == "+" and record.created_at == record.updated_at
    with connection.cursor() as cursor:
        # The zone set kept by the triggers (0009_list_indexes) is right after COPY too.
        cursor.execute(
            "SELECT count(*) FILTER (WHERE zone_ids = '{}'), count(*) FILTER (WHERE zone_ids"
            " <> cantieri_zone_ids_of(id, punto_comunita_id)) FROM cantieri_activityrecord"
            " WHERE import_key LIKE 'E%%'"
        )
        assert cursor.fetchone() == (0, 0)
