"""Uploads with bounded cost (issue 12, point 3): a zip bomb is refused before anything parses
it, on both imports, with an Italian message next to the field; archive limits; the one
validator on every upload field; CSV in Windows-1252 decoded, never a raw UnicodeDecodeError."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook

from agencies import models as am
from agencies.imports import HEADERS as WELFARE_HEADERS
from cantieri.models import ActivityImport, ActivityRecord
from citta_del_noi.uploads import UploadValidator
from tests.cantieri.factories import period
from tests.cantieri.test_imports import HEADERS as ACTIVITY_HEADERS
from tests.cantieri.test_imports import row

from .bombs import MB, plain_zip, xlsx_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world) -> Client:
    period()
    client = Client()
    client.force_login(world.users["partner_a"])
    return client


@pytest.fixture
def agency(world) -> Client:
    client = Client()
    client.force_login(world.users["agency"])
    return client


def _activity_upload(client: Client, world, name: str, content: bytes):
    return client.post(
        reverse("cantieri:import_upload"),
        {"organization": world.org_a.pk, "file": SimpleUploadedFile(name, content)},
    )


def _welfare_upload(client: Client, name: str, content: bytes):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import job
        response = client.post(
            reverse("agencies:serviceunit_import"), {"file": SimpleUploadedFile(name, content)}
        )
    return client.get(response["Location"]) if response.status_code == 302 else response


def _imports_besides_the_world(world) -> int:
    return ActivityImport.objects.exclude(pk=world.import_a.pk).count()


def test_zip_bomb_is_refused_by_the_activity_import(partner, world) -> None:
    bomb = xlsx_bomb(ACTIVITY_HEADERS, sheet_title="Attività")
    assert len(bomb) < 2 * MB
    started = time.monotonic()
    response = _activity_upload(partner, world, "attivita.xlsx", bomb)
    elapsed = time.monotonic() - started
    body = response.content.decode()
    assert response.status_code == 200
    assert "bomba zip" in body, body[:2000]
    assert _imports_besides_the_world(world) == 0
    assert elapsed < 5, f"the refusal took {elapsed:.1f} s: the file was parsed"


def test_zip_bomb_is_refused_by_the_welfare_map_import(agency) -> None:
    before = am.ServiceUnit.objects.count()  # the permission-matrix world has units of its own
    bomb = xlsx_bomb(WELFARE_HEADERS, sheet_title="Unità di offerta")
    started = time.monotonic()
    response = _welfare_upload(agency, "mappa.xlsx", bomb)
    elapsed = time.monotonic() - started
    body = response.content.decode()
    assert response.status_code == 400
    assert "bomba zip" in body, body[:2000]
    assert am.ServiceUnit.objects.count() == before
    assert elapsed < 5, f"the refusal took {elapsed:.1f} s: the file was parsed"


@override_settings(UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_BYTES=1 * MB)
def test_archive_too_big_once_inflated_is_refused(partner, world) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Attività"
    ws.append(ACTIVITY_HEADERS)
    for i in range(4000):  # about 2 MB of sheet XML, an ordinary compression ratio
        ws.append(row(f"T{i}", title=f"Titolo numero {i * 7919}"))
    buf = io.BytesIO()
    wb.save(buf)
    response = _activity_upload(partner, world, "grande.xlsx", buf.getvalue())
    body = response.content.decode()
    assert "una volta decompresso" in body and "il limite è 1 MB" in body
    assert _imports_besides_the_world(world) == 0


def test_archive_with_too_many_members_or_a_nested_archive_is_refused(agency, settings) -> None:
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 50
    before = am.ServiceUnit.objects.count()  # the permission-matrix world has units of its own
    wb = Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    many = plain_zip({**parts, **{f"xl/media/p{i}.xml": b"<x/>" for i in range(60)}})
    response = _welfare_upload(agency, "mappa.xlsx", many)
    assert "contiene 6" in response.content.decode() and "il massimo è 50" in (
        response.content.decode()
    )
    nested = plain_zip({**parts, "xl/embeddings/altro.xlsx": buf.getvalue()})
    response = _welfare_upload(agency, "mappa.xlsx", nested)
    assert "un altro archivio compresso" in response.content.decode()
    assert am.ServiceUnit.objects.count() == before


def test_content_decides_the_type_not_the_name(agency) -> None:
    response = _welfare_upload(agency, "mappa.xlsx", b"%PDF-1.7 finto\n")
    assert response.status_code == 400
    assert "XLSX o un CSV" in response.content.decode()
    csv_as_xlsx = ";".join(WELFARE_HEADERS).encode() + b"\n"
    response = _welfare_upload(agency, "mappa.xlsx", csv_as_xlsx)
    assert "non corrisponde al contenuto" in response.content.decode()


def test_every_upload_field_of_the_portal_uses_the_one_validator() -> None:
    from agencies.forms import ImportForm
    from cantieri.forms import ImportUploadForm
    from consigli.forms import DocumentForm

    for form in (ImportForm, ImportUploadForm, DocumentForm):
        validators = form.base_fields["file"].validators
        assert any(isinstance(v, UploadValidator) for v in validators), form


# --- Encodings -------------------------------------------------------------------------------


def test_windows_1252_csv_is_imported_as_activities(
    partner, world, django_capture_on_commit_callbacks
):
    lines = [";".join(ACTIVITY_HEADERS)] + [
        ";".join(str(v) for v in row("W1", title="Attività in città – «più» età"))
    ]
    content = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        response = _activity_upload(partner, world, "attivita.csv", content)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = partner.get(response["Location"]).content.decode()
    assert "Righe valide: 1" in page
    with django_capture_on_commit_callbacks(execute=True):
        partner.post(response["Location"], {})
    record = ActivityRecord.objects.get(import_key="W1")
    assert record.title == "Attività in città – «più» età"


def test_windows_1252_csv_is_imported_into_the_welfare_map(agency, world) -> None:
    header = ";".join(WELFARE_HEADERS)
    line = ";".join(
        ["sad-è", "2024", "Attività per l'età più avanzata", "Cooperativa Alfa", "", "", "anziani"]
        + [""] * (len(WELFARE_HEADERS) - 7)
    )
    content = (header + "\r\n" + line + "\r\n").encode("cp1252")
    response = _welfare_upload(agency, "mappa.csv", content)
    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    assert "1 unità create" in body
    assert am.ServiceUnit.objects.filter(name="Attività per l'età più avanzata").count() == 1


def test_undecodable_csv_names_the_accepted_encodings(agency, partner, world) -> None:
    # 0x81 and 0x8d are neither UTF-8 nor Windows-1252.
    content = ";".join(WELFARE_HEADERS).encode() + b"\nsad-1;2024;Caf\x81\x8d;x;;;anziani\n"
    response = _welfare_upload(agency, "mappa.csv", content)
    body = response.content.decode()
    assert "UnicodeDecodeError" not in body and "codec" not in body
    assert "CSV UTF-8" in body and "Windows-1252" in body
    bad = ";".join(ACTIVITY_HEADERS).encode() + b"\nR1;Caf\x81\x8d\n"
    response = _activity_upload(partner, world, "attivita.csv", bad)
    body = response.content.decode()
    assert "UnicodeDecodeError" not in body and "Windows-1252" in body


def test_meeting_documents_get_the_same_checks() -> None:
    from django import forms

    from consigli.forms import DocumentForm

    field = DocumentForm.base_fields["file"]
    pdf = SimpleUploadedFile("verbale.pdf", b"%PDF-1.7\n%fine\n")
    assert field.clean(pdf) is pdf
    bomb = xlsx_bomb(["a", "b"], inflated_mb=50)
    with pytest.raises(forms.ValidationError, match="bomba zip"):
        field.clean(SimpleUploadedFile("allegato.xlsx", bomb))
    with pytest.raises(forms.ValidationError, match="Tipo di file non ammesso"):
        field.clean(SimpleUploadedFile("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00"))
    with pytest.raises(forms.ValidationError, match="non corrisponde al contenuto"):
        field.clean(SimpleUploadedFile("verbale.docx", b"%PDF-1.7\n"))
