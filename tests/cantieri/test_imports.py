"""Bulk import from XLSX and CSV: template, preview with row errors, one transaction, re-import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cantieri.models import ActivityImport, ActivityRecord, ActivityStatus, ImportStatus

from .factories import period

pytestmark = pytest.mark.django_db

HEADERS = [
    "Codice riga",
    "Titolo",
    "Azione o cantiere",
    "Tipo di attività",
    "Periodo di rendicontazione",
    "Dal",
    "Al",
    "Intera città",
    "Quartieri",
    "Partecipanti totali",
    "Nuovi partecipanti",
    "Partecipanti già coinvolti",
    "Femmine",
    "Maschi",
    "Sesso non rilevato",
    "30–64 anni",
    "Volontari coinvolti",
    "Ore di volontariato",
    "Destinatari: Anziani",
]


def row(code: str, title: str = "Ginnastica", total: object = 10, **over: object) -> list:
    q = over.pop("quartieri", "Mompiano")
    values = [
        code,
        title,
        "5",
        "laboratorio",
        "2019-H1",
        "01/02/2019",
        "28/02/2019",
        "no",
        q,
        total,
        6,
        4,
        5,
        5,
        0,
        total,
        2,
        8,
        8,
    ]
    for index, value in over.items():
        values[int(index)] = value
    return values


def xlsx(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Attività"
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    lines = [";".join(HEADERS)] + [";".join(str(v) for v in r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def partner(world) -> Client:
    period()
    client = Client()
    client.force_login(world.users["partner_a"])
    return client


def upload(client: Client, world, name: str, content: bytes):
    """Upload; the preview job (sent on commit) runs in-process (eager Celery in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("cantieri:import_upload"),
            {"organization": world.org_a.pk, "file": SimpleUploadedFile(name, content)},
        )


def confirm(client: Client, url: str, data: dict):
    """Confirm a preview; the apply job runs on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def test_template_is_italian_with_instructions(partner) -> None:
    response = partner.get(reverse("cantieri:import_template", args=["xlsx"]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Attività", "Istruzioni"]
    headers = [c.value for c in wb["Attività"][1]]
    assert "Codice riga" in headers and "Partecipanti totali" in headers
    assert "Destinatari: Anziani" in headers
    csv_response = partner.get(reverse("cantieri:import_template", args=["csv"]))
    assert "Codice riga;Titolo" in csv_response.content.decode("utf-8-sig")


def test_good_xlsx_preview_then_confirm_then_reimport_updates(partner, world) -> None:
    content = xlsx([row("R1"), row("R2", title="Compagnia")])
    response = upload(partner, world, "attivita.xlsx", content)
    assert response.status_code == 302
    imp = ActivityImport.objects.latest("pk")
    assert not ActivityRecord.objects.filter(import_key__in=["R1", "R2"]).exists()  # preview only
    page = partner.get(response["Location"]).content.decode()
    assert "Righe valide: 2" in page
    confirm(partner, response["Location"], {"submit_now": "on"})
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE
    assert imp.report["created"] == 2 and imp.report["updated"] == 0
    records = ActivityRecord.objects.filter(organization=world.org_a, import_key__in=["R1", "R2"])
    assert records.count() == 2
    assert set(records.values_list("status", flat=True)) == {ActivityStatus.SUBMITTED}
    r1 = records.get(import_key="R1")
    assert r1.target_counts.get().participants == 8
    assert not imp.file  # the uploaded file is removed once applied
    # Returned for corrections, then the partner fixes the sheet and imports it again.
    ActivityRecord.objects.filter(pk=r1.pk).update(status=ActivityStatus.RETURNED)
    response = upload(partner, world, "attivita.xlsx", xlsx([row("R1", title="Ginnastica 2")]))
    confirm(partner, response["Location"], {})
    second = ActivityImport.objects.latest("pk")
    assert second.report["updated"] == 1 and second.report["created"] == 0
    assert ActivityRecord.objects.filter(import_key="R1").count() == 1
    assert ActivityRecord.objects.get(import_key="R1").title == "Ginnastica 2"
    # R2 is submitted: it cannot be changed by import.
    response = upload(partner, world, "attivita.csv", csv_bytes([row("R2", title="Altro")]))
    page = partner.get(response["Location"]).content.decode()
    assert "già inviata" in page


def test_broken_rows_are_shown_next_to_the_row_and_valid_rows_saved_together(
    partner, world
) -> None:
    rows = [
        row("OK1"),
        row("NEG", total=-3),
        # 30–64 band = 7, total 10
        row("AGE", **{"15": 7}),  # type: ignore[arg-type]
        row("FORM", title='=HYPERLINK("http://x")'),
        row("XSS", title="<script>alert(1)</script>"),
        row("QRT", quartieri="Atlantide"),
        row("NUM", total="dieci"),
        row("DATE", **{"6": "01/01/2019"}),  # ends before it starts
    ]
    response = upload(partner, world, "misto.csv", csv_bytes(rows))
    page = partner.get(response["Location"]).content.decode()
    assert "Righe valide: 1" in page and "righe con errori: 7" in page
    assert "Il valore non può essere negativo." in page
    assert "fascia d&#x27;età" in page or "fascia d'età" in page
    assert "formula" in page
    assert "codice HTML o script" in page
    assert "<script>alert(1)</script>" not in page  # never rendered unescaped
    assert "Il quartiere «Atlantide» non esiste." in page
    assert "«dieci» non è un numero." in page
    assert "La data di fine precede la data di inizio." in page
    confirm(partner, response["Location"], {})
    imp = ActivityImport.objects.latest("pk")
    assert imp.report["created"] == 1 and imp.report["rejected"] == 7
    assert list(
        ActivityRecord.objects.filter(import_key__gt="").values_list("import_key", flat=True)
    ) == ["OK1"]
    report = partner.get(reverse("cantieri:import_report", args=[imp.pk]))
    assert "scartata" in report.content.decode("utf-8-sig")


def test_xlsx_formula_cell_is_refused(partner, world) -> None:
    content = xlsx([row("F1", **{"9": "=5+5"})])
    response = upload(partner, world, "formule.xlsx", content)
    page = partner.get(response["Location"]).content.decode()
    assert "formula" in page and "Righe valide: 0" in page


def test_not_a_spreadsheet_is_refused(partner, world) -> None:
    response = upload(partner, world, "finto.xlsx", b"%PDF-1.4 not a spreadsheet\x00\x01")
    assert response.status_code == 200
    assert "non è un foglio di calcolo" in response.content.decode()
    zip_not_xlsx = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_not_xlsx, "w") as zf:
        zf.writestr("ciao.txt", "ciao")
    response = upload(partner, world, "archivio.xlsx", zip_not_xlsx.getvalue())
    assert "non è un foglio di calcolo" in response.content.decode()
    assert not ActivityImport.objects.exclude(pk=world.import_a.pk).exists()


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1024 * 1024)
def test_too_big_file_is_refused_with_a_clear_message(partner, world) -> None:
    big = b"Codice riga;Titolo\n" + b"x" * (1024 * 1024 + 10)
    response = upload(partner, world, "grande.csv", big)
    body = response.content.decode()
    assert "il limite è 1 MB" in body
    assert not ActivityImport.objects.exclude(pk=world.import_a.pk).exists()


def test_missing_columns_and_empty_file(partner, world) -> None:
    response = upload(partner, world, "poche.csv", b"Titolo;Altro\nx;y\n")
    page = partner.get(response["Location"]).content.decode()
    assert "Mancano le colonne" in page


def test_other_user_cannot_see_or_confirm_an_upload(partner, world) -> None:
    response = upload(partner, world, "a.csv", csv_bytes([row("Z1")]))
    other = Client()
    other.force_login(world.users["partner_b"])
    assert other.get(response["Location"]).status_code == 404
    assert other.post(response["Location"], {}).status_code == 404
    assert not ActivityRecord.objects.filter(import_key="Z1").exists()


def test_every_file_runs_as_a_job_with_progress(
    partner, world, django_capture_on_commit_callbacks
) -> None:
    rows = [row(f"J{i}") for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(partner, world, "grande.xlsx", xlsx(rows))
    imp = ActivityImport.objects.latest("pk")
    assert imp.job_id and len(imp.preview) == 5
    page = partner.get(response["Location"]).content.decode()
    assert "Righe valide: 5" in page
    with django_capture_on_commit_callbacks(execute=True):
        confirm(partner, response["Location"], {})
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE and imp.report["created"] == 5
    from citta_del_noi.jobs.models import Job

    job = Job.objects.get(pk=imp.job_id)
    assert job.status == "done" and job.progress == 100
    assert ActivityRecord.objects.filter(import_key__startswith="J").count() == 5
