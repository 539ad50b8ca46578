"""The import at scale keeps its behaviour (issue 14, "Imports"): validation runs a bounded
number of queries whatever the rows; the per-row report, now streamed to a file, holds the
same rows and Italian reasons as the preview and the record; the records COPYed on PostgreSQL
hold what the services would have set."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from cantieri import import_bulk, imports
from cantieri.imports import parsing, staging
from cantieri.models import ActivityRecord, ActivityStatus, ImportStatus
from cantieri.services import _apply
from territori.models import PuntoComunita

from .factories import period, record

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "title": "Ginnastica",
    "azione": "5",
    "kind": "laboratorio",
    "reporting_period": "2019-H1",
    "period_start": "01/02/2019",
    "period_end": "28/02/2019",
    "city_wide": "no",
    "quartieri": "Mompiano",
    "participants_total": 10,
    "participants_new": 6,
    "participants_returning": 4,
    "participants_female": 5,
    "participants_male": 5,
    "age_30_64": 10,
    "volunteers": 2,
    "volunteer_hours": 8,
}


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    headers = imports.all_headers()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Attività"
    ws.append([h for _k, h, _kind, _d in headers])
    for values in rows:
        ws.append([values.get(k) for k, _h, _kind, _d in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(world, rows: list[dict[str, Any]]) -> Any:
    return imports.import_upload(
        user=world.users["partner_a"],
        organization=world.org_a,
        upload=SimpleUploadedFile("a.xlsx", _xlsx(rows)),
        fmt="xlsx",
    )


def _good(code: str, **over: Any) -> dict[str, Any]:
    return {"import_key": code, **GOOD, **over}


def _preview_queries(world, n: int) -> int:
    upload = _upload(world, [_good(f"Q{n}-{i}") for i in range(n)])
    with CaptureQueriesContext(connection) as queries:
        imports.import_preview(upload=upload)
    assert upload.report == {"valid": n, "invalid": 0}
    return len(queries)


def test_validation_runs_a_bounded_number_of_queries_whatever_the_rows(world) -> None:
    period()
    few = _preview_queries(world, 5)
    many = _preview_queries(world, 900)
    assert many == few, (few, many)
    # Past a chunk of rows, the existing records are looked up once more per chunk.
    assert _preview_queries(world, 2 * parsing.CHUNK + 1) <= few + 4


def _every_kind_of_error(world) -> list[dict[str, Any]]:
    sent = record(world.org_a, title="Inviata", status=ActivityStatus.SUBMITTED)
    ActivityRecord.objects.filter(pk=sent.pk).update(import_key="SENT")
    return [
        _good("OK1"),
        _good("NEG", participants_total=-3),
        _good("AGE", age_30_64=7),
        _good("FORM", title='=HYPERLINK("http://x")'),
        _good("XSS", title="<script>alert(1)</script>"),
        _good("PII", description="scrivete a mario.rossi@example.org"),
        _good("QRT", quartieri="Atlantide"),
        _good("NUM", participants_total="dieci"),
        _good("DATE", period_end="01/01/2019"),
        _good("BADDATE", period_start="31/02/2019"),
        _good("AZ", azione="99", kind="nessuno", reporting_period="2000-H1"),
        _good("CITY", city_wide="forse"),
        _good("PC", punto_comunita="Punto inesistente"),
        _good("INT", participants_total="10,5"),
        _good("REQ", title=""),
        _good("OK1"),  # repeated code
        _good("SENT"),  # an existing record that cannot be updated
        _good("OK2"),
    ]


def test_the_report_keeps_every_kind_of_error_from_the_preview_to_the_file(world) -> None:
    period()
    upload = _upload(world, _every_kind_of_error(world))
    imports.import_preview(upload=upload)
    assert upload.report == {"valid": 2, "invalid": 16}
    previewed = {r["line"]: r for r in upload.preview}
    report = imports.import_apply(upload=upload, by=world.users["partner_a"])
    assert (report["created"], report["updated"], report["rejected"]) == (2, 0, 16)
    streamed = list(imports.report_rows(report))
    # The file and the rows kept on the record are the same rows (the file is whole, the
    # record bounded), in the file's order, each with the preview's errors.
    assert streamed == report["rows"]
    assert [r["line"] for r in streamed] == list(range(2, 20))
    for row in streamed:
        assert row["errors"] == previewed[row["line"]]["errors"]
        assert row["outcome"] == ("rejected" if row["errors"] else "created")
    messages = " ".join(e["message"] for r in streamed for e in r["errors"])
    for reason in (
        "Il valore non può essere negativo.",
        "fascia d'età",
        "formula",
        "codice HTML o script",
        "Il quartiere «Atlantide» non esiste.",
        "«dieci» non è un numero.",
        "La data di fine precede la data di inizio.",
        "Data non valida: usa gg/mm/aaaa.",
        "L'azione «99» non esiste",
        "Il tipo di attività «nessuno» non esiste.",
        "Il periodo «2000-H1» non esiste.",
        "Scrivi «sì» oppure «no».",
        "Il Punto Comunità «Punto inesistente» non esiste.",
        "Inserisci un numero intero.",
        "Campo obbligatorio.",
        "Codice riga ripetuto (già alla riga 2).",
        "L'attività «SENT» è già inviata",
    ):
        assert reason in messages, reason
    assert "mario.rossi" not in str(streamed)  # the personal data is not kept in the report
    # The CSV from the file is the CSV the record's rows give (the old path), and the job's
    # streamed CSV is the same bytes.
    old = imports.report_csv({k: v for k, v in report.items() if k != "rows_file"})
    assert imports.report_csv(report) == old
    out = io.BytesIO()
    imports.write_report_csv(report, out)
    assert out.getvalue() == old


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path")
def test_a_copied_record_holds_what_the_services_set(world) -> None:
    period()
    punto = PuntoComunita.objects.order_by("pk").first()
    assert punto is not None
    keys = [k for k, _h, _kind, _d in imports.all_headers()]
    target = next(k for k in keys if k.startswith("target:"))
    funding = next(k for k in keys if k.startswith("funding:"))
    values = _good(
        "FULL",
        title="  Festa  ",
        description="Una festa di quartiere",
        punto_comunita=punto.name,
        quartieri="Mompiano; Centro storico nord",
        staff_hours="3,5",
        in_kind_value=120.25,
        in_kind_description="Sala",
        spaces="Oratorio",
        **{target: 4, funding: "1.250,50"},
    )
    upload = _upload(world, [values])
    imports.import_preview(upload=upload)
    assert upload.report == {"valid": 1, "invalid": 0}, upload.preview
    imports.import_apply(upload=upload, by=world.users["partner_a"], submit_now=True)
    saved = ActivityRecord.objects.get(organization=world.org_a, import_key="FULL")
    # What services._apply sets on a new record from the same parsed row.
    headers = {key: h for key, h, _kind, _d in imports.all_headers()}
    raw = dict(values)
    parsed = parsing.parse_row(2, raw, headers, parsing.Lookups.load())
    assert parsed.ok and parsed.item is not None
    expected = ActivityRecord(organization=world.org_a)
    _apply(expected, parsed.item)
    for field in ActivityRecord._meta.concrete_fields:
        if field.attname in ("id", "status", "submitted_at", "created_by_id", "import_key"):
            continue
        if field.attname in ("created_at", "updated_at", "approved_at"):
            continue
        assert getattr(saved, field.attname) == getattr(expected, field.attname), field.attname
    assert saved.status == ActivityStatus.SUBMITTED and saved.submitted_at is not None
    assert saved.created_by == world.users["partner_a"] and saved.title == "Festa"
    assert sorted(q.pk for q in saved.quartieri.all()) == sorted(
        q.pk for q in parsed.item.quartieri
    )
    assert {t.target_group_id: t.participants for t in saved.target_counts.all()} == {
        int(target.split(":")[1]): 4
    }
    assert [str(f.amount) for f in saved.fundings.all()] == ["1250.50"]
    history = saved.history.get()
    assert history.history_type == "+" and history.title == "Festa"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT zone_ids, cantieri_zone_ids_of(id, punto_comunita_id)"
            " FROM cantieri_activityrecord WHERE id = %s",
            [saved.pk],
        )
        stored, computed = cursor.fetchone()
    assert stored == computed and len(stored) >= 1


def test_an_apply_that_fails_midway_saves_nothing_and_can_run_again(world, monkeypatch) -> None:
    period()
    n = parsing.CHUNK + 5
    upload = _upload(world, [_good(f"H{i}") for i in range(n)])
    imports.import_preview(upload=upload)
    before = ActivityRecord.objects.count()
    real = import_bulk._copy_chunk if connection.vendor == "postgresql" else import_bulk._orm_chunk
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> list[int]:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return real(*args, **kwargs)

    name = "_copy_chunk" if connection.vendor == "postgresql" else "_orm_chunk"
    monkeypatch.setattr(import_bulk, name, failing)
    with pytest.raises(RuntimeError):
        imports.import_apply(upload=upload, by=world.users["partner_a"])
    upload.refresh_from_db()
    # Nothing half-saved: no record of the first chunk, no report file, the import still
    # waiting for its apply with its staging file, so running it again saves every row.
    assert ActivityRecord.objects.count() == before
    assert upload.status == ImportStatus.PREVIEW and "rows_file" not in upload.report
    assert not staging.report_exists(staging.report_name(upload.pk))
    assert staging.staging_exists(upload.pk)
    monkeypatch.setattr(import_bulk, name, real)
    report = imports.import_apply(upload=upload, by=world.users["partner_a"])
    assert report["created"] == n and ActivityRecord.objects.count() == before + n


def test_whole_number_cells_validate_as_their_text_does(world) -> None:
    """A figure the sheet gives as a whole number takes a shorter path than its text (a CSV
    cell): the same errors, the same values with the same types."""
    period()
    headers = {key: h for key, h, _kind, _d in imports.all_headers()}
    lookups = parsing.Lookups.load()
    cases = [
        _good("N1"),
        _good("N2", participants_total=-3),
        _good("N3", volunteer_hours=0, volunteers=0, staff_hours=7, in_kind_value=0),
        _good("N4", participants_total=11),
        _good("N5", age_30_64=None, age_unknown=10),
    ]
    for values in cases:
        as_text = {k: str(v) if type(v) is int else v for k, v in values.items()}
        assert as_text != values
        cells = parsing.parse_row(2, dict(values), headers, lookups)
        texts = parsing.parse_row(2, as_text, headers, lookups)
        assert cells.errors == texts.errors, values["import_key"]
        assert (cells.item is None) == (texts.item is None)
        if cells.item is not None and texts.item is not None:
            typed = {k: (type(v), v) for k, v in cells.item.data.items()}
            assert typed == {k: (type(v), v) for k, v in texts.item.data.items()}
    assert parsing.parse_row(2, dict(cases[1]), headers, lookups).errors[0]["message"] == (
        "Il valore non può essere negativo."
    )


def test_a_closed_punto_is_refused_for_a_new_row_and_kept_on_a_draft_that_names_it(world) -> None:
    period()
    punto = PuntoComunita.objects.order_by("pk").first()
    assert punto is not None
    draft = record(world.org_a, title="Bozza con Punto")
    ActivityRecord.objects.filter(pk=draft.pk).update(import_key="KEEP", punto_comunita=punto)
    PuntoComunita.objects.filter(pk=punto.pk).update(closed_on=date(2020, 1, 1))
    upload = _upload(
        world,
        [_good("NEW", punto_comunita=punto.name), _good("KEEP", punto_comunita=punto.name)],
    )
    imports.import_preview(upload=upload)
    assert upload.report == {"valid": 1, "invalid": 1}
    new, keep = upload.preview
    assert [e["message"] for e in new["errors"]] == [f"Il Punto Comunità «{punto.name}» è chiuso."]
    assert keep["errors"] == []
