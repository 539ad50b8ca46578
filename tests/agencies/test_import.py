"""Import of the welfare map: template, row-by-row errors, all or nothing, re-import updates."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from agencies import models as m

pytestmark = pytest.mark.django_db

HEADER = "codice;nome;ente gestore;destinatari;quartiere;indirizzo;capacità\n"


def _upload(client: Client, text: str, name: str = "mappa.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("agencies:serviceunit_import"), {"file": file})


@pytest.fixture
def agency_client(world) -> Client:
    c = Client()
    c.force_login(world.users["agency"])
    return c


def test_good_file_then_reimport_updates(world, agency_client) -> None:
    q = world.quartiere
    text = (
        HEADER + f"sad-1;Assistenza domiciliare;Cooperativa Alfa;anziani;{q.name};Via A 1;40\n"
        "cag-2;Centro giovani;Parrocchia esterna;giovani;;;\n"
    )
    response = _upload(agency_client, text)
    assert response.status_code == 200
    assert "2 unità create, 0 aggiornate" in response.content.decode()
    unit = m.ServiceUnit.objects.get(code="sad-1")
    assert unit.provider == world.org_a and unit.quartiere == q and unit.capacity == 40
    assert m.ServiceUnit.objects.get(code="cag-2").provider_name == "Parrocchia esterna"
    response = _upload(agency_client, text.replace(";40", ";45"))
    assert "0 unità create, 2 aggiornate" in response.content.decode()
    assert m.ServiceUnit.objects.count() == 2
    assert m.ServiceUnit.objects.get(code="sad-1").capacity == 45


def test_one_bad_row_saves_nothing_and_reports_each_row(world, agency_client) -> None:
    text = (
        HEADER + "ok-1;Buono;Cooperativa Alfa;anziani;;;10\n"
        "ko-2;Cattivo;Cooperativa Alfa;marziani;Atlantide;;-3\n"
        "ko-3;=SOMMA(A1);Cooperativa Alfa;anziani;;;\n"
    )
    response = _upload(agency_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "«marziani» non è un gruppo di destinatari" in body
    assert "quartiere: «Atlantide» non esiste." in body
    assert "formule non ammesse" in body
    assert not m.ServiceUnit.objects.exists()


def test_not_a_spreadsheet(world, agency_client) -> None:
    response = _upload(agency_client, "%PDF-1.4 nonsense", name="mappa.pdf")
    assert response.status_code == 400
    assert "XLSX o un CSV" in response.content.decode()


def test_xlsx_template_has_the_columns(world, agency_client) -> None:
    response = agency_client.get(reverse("agencies:serviceunit_template", args=["xlsx"]))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["codice", "nome", "ente gestore"]
