"""In a real browser: the job page polls its status (htmx) until the result link appears."""

from __future__ import annotations

import pytest

from citta_del_noi.jobs.models import Job, JobStatus
from tests.browser.conftest import login
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_bar_follows_the_job_until_the_download(page, world, settings) -> None:
    from pathlib import Path

    user = world.users["partner_a"]
    job = Job.objects.create(
        kind="jobs.selftest",
        params={},
        params_hash="x",
        created_by=user,
        status=JobStatus.RUNNING,
        attempts=1,
        progress=30,
        step="Lettura",
    )
    login(page, user.email, PASSWORD)
    page.goto(f"/lavori/{job.pk}/")
    status = page.locator(f"#lavoro-{job.pk}")
    assert "Avanzamento: 30\u00a0%" in status.inner_text()

    Job.objects.filter(pk=job.pk).update(progress=80, step="Scrittura del file")
    page.locator('[role=progressbar][aria-valuenow="80"]').wait_for(timeout=10_000)
    assert "Scrittura del file" in status.inner_text()

    name = f"jobs/{job.pk}/1/prova.txt"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("riga 1\n")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100, result_file=name)
    link = page.get_by_role("link", name="Scarica il risultato (prova.txt)")
    link.wait_for(timeout=10_000)
    # Polling has stopped: the final fragment carries no trigger.
    assert page.locator("[hx-trigger]").count() == 0
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "prova.txt"
