"""Import of the welfare map: template, row-by-row errors, all or nothing, one row per unit and
year (a new year is added, the same year is updated), lenient target groups."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from agencies import models as m
from agencies.imports import HEADERS

pytestmark = pytest.mark.django_db

HEADER = ";".join(HEADERS) + "\n"


def _line(
    code: str,
    year: int | str,
    *,
    name: str = "Assistenza domiciliare",
    provider: str = "Cooperativa Alfa",
    form: str = "",
    comune: str = "",
    group: str = "anziani",
    quartiere: str = "",
    address: str = "",
    users: str = "",
    places: str = "",
    spend: tuple[str, str, str, str, str] = ("", "", "", "", ""),
) -> str:
    cells = [code, str(year), name, provider, form, comune, group, quartiere, address, users]
    return ";".join([*cells, places, *spend]) + "\n"


def _upload(client: Client, text: str, name: str = "mappa.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    # Parsed and saved by the worker's job (eager in tests, sent on commit); the page follows it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("agencies:serviceunit_import"), {"file": file})
    return client.get(response["Location"]) if response.status_code == 302 else response


@pytest.fixture
def agency_client(world) -> Client:
    c = Client()
    c.force_login(world.users["agency"])
    return c


def test_good_file_then_reimport_same_year_updates(world, agency_client) -> None:
    q = world.quartiere
    text = (
        HEADER
        + _line(
            "sad-1",
            2024,
            quartiere=q.name,
            address="Via A 1",
            users="120",
            places="40",
            spend=("1.000,50", "200", "300", "0", ""),
        )
        + _line(
            "cag-2",
            2024,
            name="Centro giovani",
            provider="Parrocchia esterna",
            form="Ente ecclesiastico",
            group="giovani",
        )
    )
    response = _upload(agency_client, text)
    assert response.status_code == 200, response.content.decode()[:3000]
    body = response.content.decode()
    assert "2 unità create, 0 aggiornate; 2 anni aggiunti, 0 anni aggiornati" in body
    unit = m.ServiceUnit.objects.get(code="sad-1")
    assert unit.provider == world.org_a and unit.quartiere == q and unit.capacity == 40
    year = unit.years.get()
    assert (year.year, year.users, year.places) == (2024, 120, 40)
    assert year.spend_comune == Decimal("1000.50") and year.spend_families == Decimal("200")
    assert year.provider_legal_form == "cooperativa_sociale"
    other = m.ServiceUnitYear.objects.get(unit__code="cag-2")
    assert other.provider_name == "Parrocchia esterna"
    assert other.provider_legal_form == "ente_ecclesiastico"
    response = _upload(agency_client, text.replace(";120;40;", ";130;45;"))
    assert "0 unità create, 2 aggiornate; 0 anni aggiunti, 2 anni aggiornati" in (
        response.content.decode()
    )
    assert m.ServiceUnitYear.objects.count() == 2
    assert m.ServiceUnit.objects.get(code="sad-1").capacity == 45
    assert m.ServiceUnitYear.objects.get(unit__code="sad-1").users == 130


def test_new_year_is_added_and_never_overwrites_the_previous(world, agency_client) -> None:
    first = HEADER + _line("sad-1", 2023, users="100", spend=("5000", "", "", "", ""))
    assert _upload(agency_client, first).status_code == 200
    second = HEADER + _line(
        "sad-1",
        2024,
        provider="Associazione Beta",
        group="disabili",
        users="80",
        spend=("7000", "", "", "", ""),
    )
    response = _upload(agency_client, second)
    assert "0 unità create, 1 aggiornate; 1 anni aggiunti, 0 anni aggiornati" in (
        response.content.decode()
    )
    years = {y.year: y for y in m.ServiceUnitYear.objects.filter(unit__code="sad-1")}
    assert set(years) == {2023, 2024}
    assert years[2023].users == 100 and years[2023].spend_comune == Decimal("5000")
    assert years[2023].provider == world.org_a and years[2023].target_group.code == "anziani"
    assert years[2024].provider == world.org_b and years[2024].target_group.code == "disabilita"
    # the unit's description follows its newest year; importing an older year does not change it
    unit = m.ServiceUnit.objects.get(code="sad-1")
    assert unit.provider == world.org_b and unit.target_group.code == "disabilita"
    older = HEADER + _line("sad-1", 2022, provider="Cooperativa Alfa", users="90")
    assert _upload(agency_client, older).status_code == 200
    unit.refresh_from_db()
    assert unit.provider == world.org_b
    assert m.ServiceUnitYear.objects.filter(unit__code="sad-1").count() == 3


def test_anno_is_required_and_checked(world, agency_client) -> None:
    before = m.ServiceUnit.objects.count()  # the permission-matrix world has units of its own
    no_column = "codice;nome;ente gestore;destinatari\nx-1;Servizio;Cooperativa Alfa;anziani\n"
    response = _upload(agency_client, no_column)
    assert response.status_code == 400
    assert "Mancano le colonne: anno" in response.content.decode()
    response = _upload(agency_client, HEADER + _line("x-1", "duemila"))
    assert "anno: obbligatorio, un anno tra 2000 e 2100" in response.content.decode()
    assert m.ServiceUnit.objects.count() == before


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Minori in tutela", "minori-tutela"),
        ("MINORI IN TUTELA", "minori-tutela"),
        ("multi-utenza", "multiutenza"),
        ("Multiutenza", "multiutenza"),
        ("Servizi trasversali anziani/disabili", "trasversali-anziani-disabili"),
        ("servizi trasversali anziani – disabili", "trasversali-anziani-disabili"),
        ("anziani e disabili", "trasversali-anziani-disabili"),
        ("Lavoro", "lavoro"),
        ("inserimento lavorativo", "lavoro"),
        ("Disabilità", "disabilita"),
        ("disabilita", "disabilita"),
        ("Poverta", "poverta"),
    ],
)
def test_target_groups_match_leniently_and_stay_distinct(world, agency_client, typed, code) -> None:
    response = _upload(agency_client, HEADER + _line("u-1", 2024, group=typed))
    assert response.status_code == 200, response.content.decode()[:2000]
    assert m.ServiceUnitYear.objects.get().target_group.code == code


def test_staff_add_a_target_group_and_its_alias_is_accepted(world, agency_client) -> None:
    response = agency_client.post(
        reverse("agencies:tool_create", args=["destinatari-mappa"]),
        {
            "code": "vittime-violenza",
            "label": "Donne vittime di violenza",
            "order": "200",
            "aliases": "antiviolenza\ncentri antiviolenza",
            "sensitive": "on",
        },
    )
    assert response.status_code == 302
    response = _upload(agency_client, HEADER + _line("cav-1", 2024, group="Centri antiviolenza"))
    assert response.status_code == 200
    assert m.ServiceUnitYear.objects.get().target_group.label == "Donne vittime di violenza"


def test_one_bad_row_saves_nothing_and_reports_each_row(world, agency_client) -> None:
    before = m.ServiceUnit.objects.count()  # the permission-matrix world has units of its own
    text = (
        HEADER
        + _line("ok-1", 2024, places="10")
        + _line("ko-2", 2024, group="marziani", quartiere="Atlantide", places="-3")
        + _line("ko-3", 2024, name="=SOMMA(A1)")
        + _line("ko-4", 2024, provider="Ente sconosciuto")
        + _line("ko-5", 2024, provider="Ente sconosciuto", form="multinazionale")
        + _line("ko-6", 2024, comune="forse", spend=("tanti", "", "", "", ""))
        + _line("ok-1", 2024)
    )
    response = _upload(agency_client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "«marziani» non è un gruppo di destinatari" in body
    # the message lists the accepted values, the city's own categories among them
    assert "Valori accettati:" in body and "Minori in tutela (minori-tutela)" in body
    assert "Multiutenza (multiutenza)" in body
    assert "quartiere: «Atlantide» non esiste." in body
    assert "posti: deve essere un numero intero non negativo." in body
    assert "formule non ammesse" in body
    assert "forma giuridica: obbligatoria quando l&#x27;ente gestore non è registrato" in body
    assert "forma giuridica: «multinazionale» non è ammessa" in body
    assert "gestione comunale: scrivere «sì» o «no»." in body
    assert "spesa comune: deve essere un importo in euro non negativo" in body
    assert "codice: ripetuto nel file per lo stesso anno." in body
    assert m.ServiceUnit.objects.count() == before
    assert not m.ServiceUnitYear.objects.exists()


def test_not_a_spreadsheet(world, agency_client) -> None:
    response = _upload(agency_client, "%PDF-1.4 nonsense", name="mappa.pdf")
    assert response.status_code == 400
    assert "XLSX o un CSV" in response.content.decode()


def test_xlsx_template_has_the_columns(world, agency_client) -> None:
    response = agency_client.get(reverse("agencies:serviceunit_template", args=["xlsx"]))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == HEADERS
    assert header[:4] == ["codice", "anno", "nome", "ente gestore"]


def test_import_page_lists_the_accepted_target_groups(world, agency_client) -> None:
    body = agency_client.get(reverse("agencies:serviceunit_import")).content.decode()
    assert "Minori in tutela" in body and "Servizi trasversali anziani/disabili" in body
    assert "Lo stesso codice con un anno nuovo aggiunge quell" in body
