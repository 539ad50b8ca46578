"""A real Celery worker killed (SIGKILL) during a PDF build; a second worker completes it.

Needs PostgreSQL (DATABASE_URL: the worker must see the test database) and Redis; skipped on a
bare machine, failed in CI (CI_REQUIRE_SERVICES=1). Every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from bilancio_sociale.models import EditionStatus, EditionVersion
from bilancio_sociale.services import BUILD_KIND, pdf_filename
from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import params_hash_for
from tests.bilancio_sociale.factories import make_edition
from tests.conftest import require_service
from tests.jobs.test_real_worker import Worker, _redis_db, _worker_env

pytestmark = pytest.mark.worker

WAIT = 120  # seconds, per phase (worker start, Django setup, redelivery: a sweep every 10 s)


def big_snapshot(slug: str, sections: int = 24, rows: int = 30) -> dict:
    """Enough pages that the build takes several seconds: time to kill it half-way."""
    return {
        "edition": slug,
        "taken_at": "2019-01-10T10:00:00+00:00",
        "sections": [
            {
                "key": f"sezione-{s}",
                "title": f"Sezione di prova {s}",
                "order": s,
                "blocks": [
                    {
                        "key": "tabella",
                        "title": f"Partecipanti per quartiere {s}",
                        "data": {
                            "kind": "table",
                            "columns": [
                                {"key": "q", "label": "Quartiere", "type": "text"},
                                {"key": "n", "label": "Partecipanti", "type": "people"},
                                {"key": "v", "label": "Ore di volontariato", "type": "number"},
                            ],
                            "rows": [
                                {"q": f"Quartiere {r}", "n": 10 + r * s, "v": 100 + r}
                                for r in range(rows)
                            ],
                            "chart": {"type": "bar", "x": "q", "series": ["n"]},
                        },
                    }
                ],
            }
            for s in range(1, sections + 1)
        ],
    }


def _wait(predicate, what: str, workers: list[Worker]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    logs = "\n".join(w.output() for w in workers)
    pytest.fail(f"{what} (attesa massima {WAIT}s superata)\n{logs}")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_leaves_one_published_pdf(redis_url) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # the worker must see the test database: skip on a bare machine, fail in CI
        require_service("PostgreSQL (DATABASE_URL)", "", 5432)
    edition = make_edition(
        slug="bilancio-kill",
        year=2019,
        status=EditionStatus.PUBLISHED,
        snapshot=big_snapshot("bilancio-kill"),
    )
    version = edition.versions.get()
    params = {"version_id": version.pk}
    job = Job.objects.create(
        kind=BUILD_KIND,
        params=params,
        params_hash=params_hash_for(kind=BUILD_KIND, params=params, target=version),
        target_ct=ContentType.objects.get_for_model(EditionVersion),
        target_id=str(version.pk),
    )
    broker = _redis_db(redis_url, 14)
    env = _worker_env()
    first = Worker(broker, env)
    second = Worker(broker, {**env, "CELERY_VISIBILITY_TIMEOUT": "3"})
    second.queue = first.queue
    second.log = first.log.with_name(f"{first.log.stem}-2.log")
    workers = [first, second]
    first.start()
    app = first.client()
    try:
        app.send_task("jobs.run_job", args=[job.pk], queue=first.queue)

        def laying_out() -> bool:
            job.refresh_from_db()
            assert first.process is not None and first.process.poll() is None, first.output()
            return job.status == JobStatus.RUNNING and job.progress >= 30

        _wait(laying_out, "La generazione non è partita", workers)
        assert first.process is not None
        os.killpg(first.process.pid, signal.SIGKILL)  # the whole worker, mid-build
        first.process.wait(timeout=15)
        version.refresh_from_db()
        assert not version.pdf  # nothing published by the killed run
        final = Path(settings.MEDIA_ROOT) / pdf_filename(version)
        assert not final.exists()

        second.start()

        def finished() -> bool:
            job.refresh_from_db()
            return job.status in (JobStatus.DONE, JobStatus.FAILED)

        _wait(finished, "Il secondo worker non ha completato la generazione", workers)
        assert job.status == JobStatus.DONE, job.error
        assert job.attempts == 2
        version.refresh_from_db()
        assert version.pdf.name == pdf_filename(version)
        assert final.read_bytes().startswith(b"%PDF")
        assert sorted(p.name for p in final.parent.iterdir()) == [final.name]
        import hashlib

        assert hashlib.sha256(final.read_bytes()).hexdigest() == version.pdf_sha256
    finally:
        app.close()
        for worker in workers:
            if worker.process is not None:
                worker.stop()
        first.cleanup_redis()
        for worker in workers:
            worker.log.unlink(missing_ok=True)
