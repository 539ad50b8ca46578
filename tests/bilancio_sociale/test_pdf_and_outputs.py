"""A published edition: the PDF, the HTML page and the open data carry the same figures."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from bilancio_sociale.models import EditionStatus, EditionVersion
from bilancio_sociale.services import (
    edition_publish_correction,
    pdf_build_request,
    pdf_filename,
    version_build_pdf,
)
from citta_del_noi.jobs.models import Job
from tests.bilancio_sociale.factories import crafted_snapshot, make_edition


@pytest.fixture
def published(db, django_user_model):
    staff = django_user_model.objects.create_user(email="redazione@example.org", password="x")
    previous = make_edition(
        slug="bilancio-2016",
        year=2016,
        status=EditionStatus.PUBLISHED,
        by=staff,
        snapshot=crafted_snapshot("bilancio-2016", base=-100),
    )
    edition = make_edition(
        slug="bilancio-2017", year=2017, status=EditionStatus.PUBLISHED, by=staff
    )
    return edition, previous, staff


def _table_text(text: str) -> str:
    return text.split("Zona Partecipanti")[1].split("«< 5»")[0]


def _pdf_text(path: str) -> tuple[str, list[str]]:
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    return "\n".join(pages), pages


def test_pdf_has_sections_page_numbers_and_suppressed_numbers(published):
    edition, _previous, _staff = published
    version = edition.versions.get()
    steps: list[tuple[int, str]] = []
    path = version_build_pdf(version=version, progress=lambda p, s: steps.append((p, s)))
    text, pages = _pdf_text(path)
    assert "Bilancio Sociale 2017" in text
    assert "Indice" in text
    assert "1. La città: dati di contesto" in text
    assert "Partecipanti per zona" in text
    # running page numbers ("Pagina N") and the table of contents with page numbers
    assert "Pagina 2" in text and f"Pagina {len(pages)}" in pages[-1]
    toc = re.search(r"1\. La città: dati di contesto \.+\s*(\d+)", pages[1])
    assert toc is not None and "1. La città: dati di contesto" in pages[int(toc.group(1)) - 1]
    # Nord's 3 volunteers are hidden ("< 5"); secondary suppression hides Sud's 41 volunteers
    # (same column) and the participants of Nord and Sud (same rows): nothing is recomputable
    assert "< 5" in text and "n.d." in text
    for hidden in ("1.234", "876"):
        assert hidden not in text
    assert not re.search(r"(?<![\d.,])(41|3)(?![\d.,])", _table_text(text))
    # the sensitive count (7 people with disabilities) is hidden under the higher threshold
    assert "< 10" in text
    # previous edition shown beside the figure (2016: Est had 412 participants)
    assert "2016: 412" in text and "2016: 2.322" in text
    # the chart is drawn (its category labels appear beside the table's)
    assert text.count("Est") >= 2
    # an empty block says so plainly
    assert "Dati non ancora registrati." in text
    # real steps were reported, in order
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and percents[-1] == 100
    assert any("sezione 1 di 1" in s for _p, s in steps)
    version.refresh_from_db()
    with open(path, "rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == version.pdf_sha256
    assert version.pdf_pages == len(pages)
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "Bilancio Sociale 2017"
    root: Any = reader.trailer["/Root"]
    assert root.get("/Lang") == "it"
    assert "/StructTreeRoot" in root  # tagged PDF (PDF/UA)
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            fonts.add(font.get_object()["/BaseFont"])
    assert fonts and all("+" in f for f in fonts)  # embedded subsets (no network fonts)


def test_same_figures_in_pdf_html_and_open_data(published):
    edition, _previous, _staff = published
    version = edition.versions.get()
    text, _pages = _pdf_text(version_build_pdf(version=version))
    client = Client()
    html = client.get(
        reverse("bilancio_sociale:edition_detail", args=[edition.slug])
    ).content.decode()
    kwargs = {"slug": edition.slug, "section": "citta", "block": "zone"}
    csv_body = client.get(reverse("bilancio_sociale:block_csv", kwargs=kwargs)).content.decode()
    data = client.get(reverse("bilancio_sociale:block_json", kwargs=kwargs)).json()
    rows = list(csv.reader(io.StringIO(csv_body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Zona", "Partecipanti", "Volontari"]
    by_zone = {r[0]: r for r in rows[1:]}
    # Nord: 1234 participants, 3 volunteers hidden; Sud's 41 volunteers hidden as well
    assert by_zone["Nord"] == ["Nord", "n.d.", "< 5"]
    assert by_zone["Sud"] == ["Sud", "n.d.", "n.d."]
    assert by_zone["Est"] == ["Est", "512", "57"]
    assert rows[-1] == ["Totale", "2622", "101"]
    json_rows = {r["zona"]: r for r in data["righe"]}
    assert json_rows["Nord"] == {"zona": "Nord", "partecipanti": "n.d.", "volontari": "< 5"}
    assert json_rows["Est"] == {"zona": "Est", "partecipanti": 512, "volontari": 57}
    assert data["licenza"] == "https://creativecommons.org/licenses/by/4.0/"
    for shown in ("512", "2.622", "< 5", "n.d.", "57", "101", "4.321", "< 10", "2016: 412"):
        assert shown in text, shown
        assert shown.replace("<", "&lt;") in html, shown
    for hidden in ("1.234", "876", ">3<", ">41<", ">7<", "> 3<", "> 41<", "> 7<"):
        assert hidden not in html and hidden not in text
    figures = client.get(
        reverse("bilancio_sociale:block_json", kwargs={**kwargs, "block": "sintesi"})
    ).json()["cifre"]
    assert {f["chiave"]: f["valore"] for f in figures} == {"attivita": 4321, "disabili": "< 10"}


def test_dcat_metadata(published):
    edition, _previous, _staff = published
    response = Client().get(reverse("bilancio_sociale:dcat", args=[edition.slug]))
    assert response["Content-Type"] == "application/ld+json"
    catalog = json.loads(response.content)
    assert "dcat:Catalog" in catalog["@type"]
    assert catalog["dct:publisher"]["foaf:name"] == "Comune di Brescia"
    assert catalog["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    datasets = catalog["dcat:dataset"]
    assert len(datasets) == 2  # the empty block has no data set
    first = datasets[0]
    assert "dcat:Dataset" in first["@type"] and first["dcat:theme"]
    assert first["dct:issued"]["@value"]
    formats = {d["dcat:mediaType"] for d in first["dcat:distribution"]}
    assert formats == {"text/csv", "application/json"}
    assert all(d["dct:license"]["@id"].endswith("/by/4.0/") for d in first["dcat:distribution"])
    italian = "http://publications.europa.eu/resource/authority/language/ITA"
    assert catalog["dct:language"]["@id"] == italian == first["dct:language"]["@id"]
    assert catalog["dct:modified"]["@value"][:10] == first["dct:issued"]["@value"]
    assert first["dcat:contactPoint"]["vcard:fn"].startswith("Comune di Brescia")
    assert first["dcat:contactPoint"]["vcard:hasURL"]["@id"].endswith("/bilancio-sociale/")


def test_pdf_download_and_versions_with_sha(published):
    edition, _previous, staff = published
    version = edition.versions.get()
    version_build_pdf(version=version)
    version.refresh_from_db()
    response = Client().get(reverse("bilancio_sociale:version_pdf", args=[edition.slug, 1]))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256 == response["X-Content-SHA256"]
    # a correction publishes version 2; version 1 stays downloadable, unchanged
    v2 = edition_publish_correction(
        edition=edition,
        erratum="Corretto il testo della città.",
        by=staff,
        texts={"citta": "Testo corretto."},
    )
    version_build_pdf(version=v2)
    v2.refresh_from_db()
    again = Client().get(reverse("bilancio_sociale:version_pdf", args=[edition.slug, 1]))
    again_body = b"".join(again.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(again_body).hexdigest() == version.pdf_sha256
    page = Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    html = page.content.decode()
    assert version.pdf_sha256 in html and v2.pdf_sha256 in html
    assert "Corretto il testo della città." in html and "Testo corretto." in html
    text, _pages = _pdf_text(v2.pdf.path)
    assert "Errata corrige" in text


def test_build_job_progress_email_and_dedupe(published, django_capture_on_commit_callbacks):
    edition, _previous, staff = published
    version = edition.versions.get()
    with django_capture_on_commit_callbacks(execute=True):
        job, already = pdf_build_request(version=version, by=staff)
    assert not already
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress == 100 and job.result["sha256"]
    version.refresh_from_db()
    assert version.pdf and version.pdf_sha256 == job.result["sha256"]
    assert len(mail.outbox) == 1 and staff.email in mail.outbox[0].to
    # the progress card, polled until done, offers the PDF and its SHA-256 without a reload
    client = Client()
    client.force_login(staff)
    card = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    pdf_url = reverse("bilancio_sociale:version_pdf", args=[edition.slug, version.number])
    assert f'href="{pdf_url}"' in card and version.pdf_sha256 in card
    # the PDF of a published version never changes: a new press is refused in Italian
    with pytest.raises(ValidationError, match="già pubblicato"):
        pdf_build_request(version=version, by=staff)


def test_second_press_returns_the_running_build(published):
    edition, _previous, staff = published
    version = edition.versions.get()
    first, already1 = pdf_build_request(version=version, by=staff)  # not committed: stays queued
    second, already2 = pdf_build_request(version=version, by=staff)
    assert (already1, already2) == (False, True)
    assert first.pk == second.pk
    assert Job.objects.filter(kind="bilancio_sociale.build_pdf").count() == 1


def test_build_is_idempotent_one_file(published, settings):
    import os

    edition, _previous, _staff = published
    version = edition.versions.get()
    path1 = version_build_pdf(version=version)
    sha = EditionVersion.objects.get(pk=version.pk).pdf_sha256
    path2 = version_build_pdf(version=version)
    assert path1 == path2 and EditionVersion.objects.get(pk=version.pk).pdf_sha256 == sha
    directory = os.path.dirname(path1)
    assert [n for n in os.listdir(directory) if "v1" in n] == [os.path.basename(path1)]


def test_build_command_prints_path(published):
    from io import StringIO

    from django.core.management import call_command

    edition, _previous, _staff = published
    out = StringIO()
    call_command("build_bilancio", edition.slug, stdout=out)
    path = out.getvalue().strip()
    assert re.search(r"/bilancio-sociale-bilancio-2017-v1-\d{20}\.pdf$", path)
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"


def test_genera_pdf_twice_says_the_build_is_running(world, django_capture_on_commit_callbacks):
    """Staff press "Genera PDF" twice: one job, and the second press says so in Italian."""
    staff = world.users["staff"]
    edition = make_edition(slug="bilancio-2015", year=2015, status=EditionStatus.PUBLISHED)
    version = edition.versions.get()
    client = Client()
    client.force_login(staff)
    url = reverse("bilancio_sociale:build_pdf", args=[edition.pk, version.number])
    # the first job is created but not run (its on-commit enqueue is not executed here)
    first = client.post(url, follow=True)
    assert "Generazione del PDF avviata" in first.content.decode()
    second = client.post(url, follow=True)
    assert "già in corso" in second.content.decode()
    assert Job.objects.filter(kind="bilancio_sociale.build_pdf").count() == 1


def test_a_fresh_temporary_file_of_another_build_is_left_alone(published, settings):
    """Only temporary files older than the task's time limit are leftovers of a killed run; a
    younger one may belong to a build still writing (e.g. build_bilancio from the shell)."""
    import os
    import time

    edition, _previous, _staff = published
    version = edition.versions.get()
    final = os.path.join(settings.MEDIA_ROOT, pdf_filename(version))
    os.makedirs(os.path.dirname(final), exist_ok=True)
    running, killed = f"{final}.tmp-111-aaaa", f"{final}.tmp-222-bbbb"
    for name in (running, killed):
        with open(name, "wb") as fh:
            fh.write(b"%PDF-partial")
    old = time.time() - settings.CELERY_TASK_TIME_LIMIT - 60
    os.utime(killed, (old, old))
    version_build_pdf(version=version)
    assert os.path.exists(running) and not os.path.exists(killed)
    with open(final, "rb") as fh:
        assert fh.read().startswith(b"%PDF")


def test_a_block_with_its_own_earlier_years_shows_no_previous_editions_beside() -> None:
    """The welfare-map tables already show the earlier years in their own columns: the earlier
    editions' values beside each figure would repeat them ("2016: 52" under "Unità 2015")."""
    from bilancio_sociale.render import build_document

    def data(value: int, compare: bool) -> dict:
        block: dict[str, Any] = {
            "kind": "table",
            "columns": [
                {"key": "gruppo", "label": "Destinatari", "type": "text"},
                {"key": "unita_2016", "label": "Unità 2016", "type": "number"},
            ],
            "rows": [{"_key": "anziani", "gruppo": "Anziani", "unita_2016": value}],
        }
        if not compare:
            block["previous_editions"] = False
        return {
            "period": {"start": "2017-01-01", "end": "2017-12-31"},
            "sections": [
                {"key": "s", "title": "S", "blocks": [{"key": "b", "title": "B", "data": block}]}
            ],
        }

    for compare, expected in ((True, [("2016", "52")]), (False, [])):
        document = build_document(
            snapshot=data(52, compare),
            texts={},
            title="Bilancio 2017",
            period_label="2017",
            previous=[("2016", data(52, compare))],
            with_charts=False,
        )
        cell = document.sections[0].blocks[0].rows[0][1]
        assert cell.display == "52" and cell.previous == expected
