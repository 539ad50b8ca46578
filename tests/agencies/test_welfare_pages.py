"""The welfare map by year end to end through the pages: the Conoscenza referent downloads the
XLSX template, fills in two years and uploads them on the staff page; a bad row is refused with
the accepted values; the published Bilancio shows "Le risorse in campo" with chart and tables,
and its open data carry the same figures."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agencies.models import ServiceUnitYear
from bilancio_sociale.models import EditionStatus
from bilancio_sociale.registry import Period
from bilancio_sociale.services import collect_sections, version_build_pdf
from tests.bilancio_sociale.factories import make_edition

pytestmark = pytest.mark.django_db


def _row(code: str, group: str, provider: str, form: str, comune: str, users: int, spend: int):
    return [
        code,
        f"Servizio {code}",
        provider,
        form,
        comune,
        group,
        "",
        "",
        users,
        10,
        spend,
        spend // 2,
        spend // 4,
        0,
        0,
    ]


def _file(template: bytes, year: int, rows: list[list]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    ws.delete_rows(2)
    for row in rows:
        ws.append([row[0], year, *row[1:]])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(f"mappa-{year}.xlsx", out.getvalue())


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_import_two_years_on_the_staff_page_then_read_them_in_the_bilancio(
    world, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client = Client()
    client.force_login(world.users["agency"])
    url = reverse("agencies:serviceunit_import")
    template = client.get(reverse("agencies:serviceunit_template", args=["xlsx"])).content
    first = [
        _row("sad-1", "Anziani", "Coop Uno", "cooperativa sociale", "no", 120, 100_000),
        _row("tut-1", "minori in tutela", "Comune di Brescia", "", "sì", 30, 400_000),
        _row("mu-1", "Multi-utenza", "Associazione Due", "associazione", "no", 200, 50_000),
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import job
        response = client.post(url, {"file": _file(template, 2023, first)})
    response = client.get(response["Location"])
    assert "3 unità create, 0 aggiornate; 3 anni aggiunti" in _text(response)
    second = [
        *first,
        _row("lav-1", "LAVORO", "Coop Uno", "cooperativa sociale", "no", 3, 80_000),
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import job
        response = client.post(url, {"file": _file(template, 2024, second)})
    response = client.get(response["Location"])
    assert "1 unità create, 3 aggiornate; 4 anni aggiunti" in _text(response)
    assert ServiceUnitYear.objects.filter(year=2023).count() == 3
    bad = [_row("x-1", "marziani", "Coop Uno", "cooperativa sociale", "no", 5, 0)]
    with TestCase.captureOnCommitCallbacks(execute=True):  # the import job
        response = client.post(url, {"file": _file(template, 2024, bad)})
    response = client.get(response["Location"])
    assert response.status_code == 400
    page = _text(response)
    assert "«marziani» non è un gruppo di destinatari" in page
    assert "Minori in tutela (minori-tutela)" in page and "Multiutenza (multiutenza)" in page
    assert ServiceUnitYear.objects.count() == 7

    (section,) = collect_sections(
        Period(date(2024, 1, 1), date(2024, 12, 31)), only={"offerta-welfare"}
    )
    edition = make_edition(
        slug="bilancio-2024",
        year=2024,
        status=EditionStatus.PUBLISHED,
        snapshot={
            "edition": "bilancio-2024",
            "taken_at": "2025-01-15T10:00:00+00:00",
            "sections": [section],
        },
    )
    public = Client()
    response = public.get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    page = _text(response)
    assert "Le risorse in campo: l'offerta di welfare della città" in page
    assert html.count('role="img"') >= 3  # the charts of the tables
    # Lavoro: 0 units in 2023, 1 in 2024, 25 % of 2024's 4 units, +1, no % change from zero
    assert re.search(r"Lavoro 0 1 25 % 1 —", page), page[page.find("Lavoro") - 200 :][:400]
    # Totals: 3 → 4 units, +1, +33,3 %
    assert "Totale 3 4 100 % 1 33,3 %" in page
    # the Comune runs 1 unit of 4 in 2024 (25 %), 1 of 3 in 2023 (33,3 %)
    assert "Quota delle unità gestite dal Comune nel 2024 25 %" in page
    assert "Quota delle unità gestite dal Comune nel 2023 33,3 %" in page
    # who pays: the Comune's 630.000 € of 2024 (whole euros without cents; "€" and "%" after
    # the figure, joined to it by a non-breaking space)
    assert "Comune 550.000 € 630.000 €" in page
    assert "630.000\u00a0€" in html and "33,3\u00a0%" in html
    # Lavoro's 3 users are a small count of people: hidden, here and in the open data
    assert "Lavoro 1 1 < 5" in page
    kwargs = {"slug": edition.slug, "section": "offerta-welfare", "block": "utenti-destinatari"}
    data = public.get(reverse("bilancio_sociale:block_json", kwargs=kwargs)).json()
    lavoro = next(r for r in data["righe"] if r["destinatari"] == "Lavoro")
    assert lavoro["utenti"] == "< 5"
    csv_url = reverse("bilancio_sociale:block_csv", kwargs={**kwargs, "block": "spesa-fonti"})
    csv_body = public.get(csv_url).content.decode().lstrip("\ufeff")
    assert "Comune;550000" in csv_body.replace(".0;", ";") and "630000" in csv_body
    # the PDF, from the same snapshot: the same figures
    pdf = PdfReader(version_build_pdf(version=edition.versions.get()))
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Le risorse in campo: l'offerta di welfare della città" in pdf_text
    for shown in ("33,3 %", "630.000 €", "< 5", "Minori in tutela", "Multiutenza"):
        assert shown in pdf_text, shown
