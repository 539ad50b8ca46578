"""Exports never arrive incomplete (issue 14): large ones and every XLSX are jobs with a row
count and a SHA-256; a streamed CSV that fails midway ends with a visible error, never a clean
200; only who asked may download the file."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from cantieri import exports
from citta_del_noi.jobs.models import Job

from .factories import quartiere_in, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _start(client: Client, fmt: str, capture: Any, query: str = "") -> Job:
    url = reverse("cantieri:activity_export", args=[fmt]) + query
    page = client.get(url)
    assert page.status_code == 200 and "Prepara il file" in page.content.decode()
    with capture(execute=True):
        response = client.post(url)
    job = Job.objects.filter(kind="cantieri.export").latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    return job


def test_xlsx_export_is_a_job_with_rows_and_sha256(world, django_capture_on_commit_callbacks):
    for i in range(7):
        record(world.org_a, title=f"Laboratorio {i}", quartieri=[quartiere_in("nord")])
    client = _login(world, "partner_a")
    job = _start(client, "xlsx", django_capture_on_commit_callbacks)
    assert job.status == "done" and job.progress == 100
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    ws = load_workbook(io.BytesIO(content), read_only=True).active
    assert ws is not None
    data_rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert job.result is not None
    assert job.result["rows"] == len(data_rows) >= 7
    assert job.result["sha256"] == hashlib.sha256(content).hexdigest()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f"Righe: {job.result['rows']}" in page and job.result["sha256"] in page


@override_settings(EXPORT_SYNC_MAX_ROWS=3)
def test_large_csv_becomes_a_job_with_the_same_filters(world, django_capture_on_commit_callbacks):
    for i in range(5):
        record(world.org_a, title=f"Grande {i}", quartieri=[quartiere_in("nord")])
    client = _login(world, "partner_a")
    job = _start(client, "csv", django_capture_on_commit_callbacks, "?q=Grande")
    assert job.status == "done", job.error
    content = b"".join(client.get(reverse("jobs:file", args=[job.pk])).streaming_content)  # type: ignore[attr-defined]
    text = content.decode("utf-8-sig")
    assert text.count("Grande ") == 5 and job.result["rows"] == 5  # type: ignore[index]


def test_only_the_requester_downloads_the_export(world, django_capture_on_commit_callbacks):
    record(world.org_a, title="Riservata ad A", quartieri=[quartiere_in("nord")])
    job = _start(_login(world, "partner_a"), "xlsx", django_capture_on_commit_callbacks)
    for role in ("partner_b", "staff", "staff_zone"):
        assert _login(world, role).get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert Client().get(reverse("jobs:file", args=[job.pk])).status_code == 302


def test_streamed_csv_failing_midway_ends_with_an_error_not_a_clean_file(world):
    """The generator fails after some rows: the last line says the file is incomplete and the
    error propagates, so the server aborts the response (no clean end of a chunked 200)."""

    def failing_lines(qs: Any) -> Iterator[str]:
        lines = exports.csv_lines(qs)
        yield next(lines)
        yield next(lines)
        raise RuntimeError("connessione al database persa")

    record(world.org_a, title="Prima", quartieri=[quartiere_in("nord")])
    record(world.org_a, title="Seconda", quartieri=[quartiere_in("nord")])
    from cantieri.models import ActivityRecord

    stream = exports.csv_stream(ActivityRecord.objects.order_by("pk"), lines=failing_lines)
    received: list[str] = []
    with pytest.raises(RuntimeError):
        for chunk in stream:
            received.append(chunk)
    assert len(received) == 3
    assert received[-1].strip().startswith("ERRORE: esportazione interrotta")


def test_streamed_csv_failing_midway_through_the_view(world, monkeypatch):
    """Same through the real view and middleware: the download raises instead of ending."""
    original = exports.csv_lines

    def failing_lines(qs: Any) -> Iterator[str]:
        for n, line in enumerate(original(qs)):
            if n == 2:
                raise RuntimeError("statement timeout")
            yield line

    for i in range(4):
        record(world.org_a, title=f"Riga {i}", quartieri=[quartiere_in("nord")])
    monkeypatch.setattr(exports, "csv_lines", failing_lines)
    response = _login(world, "partner_a").get(reverse("cantieri:activity_export", args=["csv"]))
    assert response.status_code == 200  # headers were sent before the failure...
    received: list[bytes] = []
    with pytest.raises(RuntimeError):
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            received.append(chunk)
    # ...but the body ends with the error line and the stream is aborted, never completed.
    assert b"ERRORE: esportazione interrotta" in received[-1]
