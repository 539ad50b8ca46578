"""The zip bomb against real processes (issue 12, point 3): peak memory measured.

1. The web side (this test process, the Django test client) receives the bomb: the upload
   validator refuses it; the peak resident memory of the process grows by a few MB at most.
2. The bomb stored anyway (a file that reached storage some other way) and its import job sent
   to a real `celery worker` process: the worker checks the archive again before parsing and
   fails the import with the Italian message; its peak memory stays flat.
Peak memory is VmHWM from /proc (reset for this process through /proc/self/clear_refs).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cantieri.models import ActivityImport, ImportStatus
from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import params_hash_for
from tests.cantieri.factories import period
from tests.cantieri.test_imports import HEADERS
from tests.jobs.test_real_worker import (  # noqa: F401 - worker_factory is a fixture
    RESULT_TIMEOUT,
    _require_postgresql,
    _worker_env,
    worker_factory,
)

from .bombs import xlsx_bomb

pytestmark = pytest.mark.worker

WEB_PEAK_GROWTH_MAX_MB = 60
WORKER_PEAK_GROWTH_MAX_MB = 60


def _status_kb(pid: int | str, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise AssertionError(key)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := current RSS


@pytest.mark.django_db(transaction=True)
def test_zip_bomb_peak_memory_of_the_web_process_and_of_a_real_worker(
    world,
    worker_factory,  # noqa: F811
) -> None:
    _require_postgresql()
    period()
    bomb = xlsx_bomb(HEADERS, inflated_mb=250, sheet_title="Attività")
    worker = worker_factory(_worker_env())

    # 1. The web process.
    client = Client()
    client.force_login(world.users["partner_a"])
    _reset_peak()
    before = _status_kb("self", "VmHWM")
    response = client.post(
        reverse("cantieri:import_upload"),
        {"organization": world.org_a.pk, "file": SimpleUploadedFile("attivita.xlsx", bomb)},
    )
    web_growth = (_status_kb("self", "VmHWM") - before) / 1024
    assert response.status_code == 200 and "bomba zip" in response.content.decode()
    print(
        f"\nweb process: peak RSS grew by {web_growth:.1f} MB on a {len(bomb) / 1024:.0f} KB bomb"
    )
    assert web_growth < WEB_PEAK_GROWTH_MAX_MB

    # 2. The worker, given the stored bomb.
    upload = ActivityImport(
        user=world.users["partner_a"], organization=world.org_a, original_name="attivita.xlsx"
    )
    upload.file_format = "xlsx"
    upload.file.save("bomba.xlsx", ContentFile(bomb), save=False)
    upload.save()
    params = {"import_id": upload.pk, "phase": "preview", "submit_now": False}
    job = Job.objects.create(
        kind="cantieri.import",
        params=params,
        params_hash=params_hash_for(kind="cantieri.import", params=params),
    )
    app = worker.client()
    try:
        assert app.send_task("core.ping", args=[1], queue=worker.queue).get(timeout=RESULT_TIMEOUT)
        assert worker.process is not None
        worker_before = _status_kb(worker.process.pid, "VmHWM")
        app.send_task("jobs.run_job", args=[job.pk], queue=worker.queue)
        deadline = time.monotonic() + RESULT_TIMEOUT
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"Il lavoro non è terminato ({job.status}):\n{worker.output()}")
        worker_peak = _status_kb(worker.process.pid, "VmHWM")
        worker_growth = (worker_peak - worker_before) / 1024
        upload.refresh_from_db()
        assert upload.status == ImportStatus.FAILED, (upload.status, worker.output())
        assert "bomba zip" in upload.report["error"]
        print(
            f"worker process: peak RSS {worker_peak / 1024:.0f} MB, grew by "
            f"{worker_growth:.1f} MB on the bomb"
        )
        assert worker_growth < WORKER_PEAK_GROWTH_MAX_MB
    finally:
        app.close()
        worker.stop()
        upload.file.delete(save=False)
