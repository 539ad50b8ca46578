"""CSV and XLSX exports honour the viewer's rights and neutralise formulas."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cantieri.models import ActivityStatus

from .factories import quartiere_in, record
from .url_matrix import A_APPROVED, A_SUBMITTED, A_SUD, B_APPROVED, B_SUBMITTED

pytestmark = pytest.mark.django_db


def _csv(client: Client, query: str = "") -> str:
    response = client.get(reverse("cantieri:activity_export", args=["csv"]) + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def _xlsx_titles(client: Client) -> list[str]:
    """The XLSX is always a job (run on commit, eagerly in tests), downloaded when done."""
    from django.test import TestCase

    from citta_del_noi.jobs.models import Job

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("cantieri:activity_export", args=["xlsx"]))
    assert response.status_code == 302
    job = Job.objects.filter(kind="cantieri.export").latest("pk")
    assert job.status == "done", job.error
    download = client.get(reverse("jobs:file", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    col = header.index("Titolo")
    return [str(row[col]) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("partner_a", [A_SUBMITTED, A_APPROVED, A_SUD], [B_SUBMITTED, B_APPROVED]),
        ("partner_b", [B_SUBMITTED, B_APPROVED], [A_SUBMITTED, A_APPROVED, A_SUD]),
        ("staff_zone", [A_SUBMITTED, A_APPROVED], [B_SUBMITTED, B_APPROVED, A_SUD]),
        ("staff", [A_SUBMITTED, A_SUD, B_SUBMITTED, B_APPROVED], []),
        ("council", [A_APPROVED, B_APPROVED], [A_SUBMITTED, B_SUBMITTED, A_SUD]),
    ],
)
def test_exports_per_role(world, role, visible, hidden) -> None:
    client = Client()
    client.force_login(world.users[role])
    text = _csv(client)
    titles = _xlsx_titles(client)
    for title in visible:
        assert title in text and title in titles
    for title in hidden:
        assert title not in text and title not in titles


def test_export_follows_the_filters(world) -> None:
    client = Client()
    client.force_login(world.users["staff"])
    text = _csv(client, f"?status={ActivityStatus.APPROVED}")
    assert A_APPROVED in text and A_SUBMITTED not in text


def test_export_neutralises_formulas(world) -> None:
    record(world.org_a, title='=HYPERLINK("http://evil")', quartieri=[quartiere_in("nord")])
    record(world.org_a, title="@SUM(1)")
    client = Client()
    client.force_login(world.users["partner_a"])
    text = _csv(client)
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert "'@SUM(1)" in text
    titles = _xlsx_titles(client)
    assert '\'=HYPERLINK("http://evil")' in titles


def test_anonymous_cannot_export(world) -> None:
    response = Client().get(reverse("cantieri:activity_export", args=["csv"]))
    assert response.status_code == 302
