"""A real Celery worker killed (SIGKILL, the whole process group) during a PDF build; a new
worker completes it within a minute, with one published file (issue 12, point 5).

Nothing is tuned for the test: the production settings' heartbeat (every 5 s), stale threshold
(30 s), sweep schedule (a real `celery beat`, every 15 s) and the default visibility timeout
(900 s, so the broker never gives the message back within the test: the sweep must do it).

Needs PostgreSQL (DATABASE_URL: the worker must see the test database) and Redis; skipped on a
bare machine, failed in CI (CI_REQUIRE_SERVICES=1). Every wait is bounded.

Recovery time over several runs (min/median/max printed):
    WORKER_KILL_RUNS=5 pytest -s -p no:cacheprovider tests/bilancio_sociale/test_worker_kill.py
"""

from __future__ import annotations

import hashlib
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bilancio_sociale.models import EditionStatus, EditionVersion
from bilancio_sociale.services import BUILD_KIND, pdf_filename
from citta_del_noi.celery import app as celery_app
from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import params_hash_for, queue_for
from tests.bilancio_sociale.factories import make_edition
from tests.conftest import require_service
from tests.jobs.test_real_worker import BASE_DIR, Worker, _worker_env

pytestmark = pytest.mark.worker

WAIT = 120  # seconds, per phase (worker start, Django setup, the build itself)
RECOVERY_TARGET = 60  # seconds from the kill to the job done by another worker


def big_snapshot(slug: str, sections: int = 10, rows: int = 30) -> dict:
    """Enough pages that the build takes several seconds (time to kill it half-way), and few
    enough that the new worker's build (about 10-20 s on a busy 2-core machine) fits in the
    minute after the 30 s that make the job stale."""
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


def _wait(predicate, what: str, processes: list) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    logs = "\n".join(p.output() for p in processes)
    pytest.fail(f"{what} (attesa massima {WAIT}s superata)\n{logs}")


class Beat:
    """A real `celery beat` with the project's schedule (its own process group)."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.log = folder / "beat.log"
        self.schedule = folder / "beat-schedule"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self._handle = open(self.log, "wb")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "citta_del_noi",
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.schedule}",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        if self.process is not None:
            self._handle.close()

    def output(self) -> str:
        try:
            return "[beat]\n" + self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""


def _sweep_queues() -> tuple[str, ...]:
    """The queue beat sends the sweep to (the default one, or a routed one) and the queue the
    sweep sends the PDF build to (its kind's queue: JOBS_QUEUES)."""
    sweep = celery_app.amqp.router.route({}, "jobs.requeue_stale", args=(), kwargs={})["queue"]
    return tuple(dict.fromkeys([sweep.name, queue_for(BUILD_KIND)]))


def _build_job(slug: str, year: int) -> tuple[Job, EditionVersion]:
    edition = make_edition(
        slug=slug, year=year, status=EditionStatus.PUBLISHED, snapshot=big_snapshot(slug)
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
    return job, version


def _kill_mid_build_and_recover(
    redis_url: str, env: dict[str, str], beat: Beat, slug: str, year: int
) -> float:
    """One run of the attack; returns seconds from the SIGKILL to the job done."""
    job, version = _build_job(slug, year)
    sweep_queues = _sweep_queues()
    first = Worker(redis_url, env, extra_queues=sweep_queues)
    second = Worker(redis_url, env, extra_queues=sweep_queues)
    second.log = first.log.with_name(f"{first.log.stem}-2.log")
    processes: list[Worker | Beat] = [first, second, beat]
    first.start()
    app = first.client()
    try:
        app.send_task("jobs.run_job", args=[job.pk], queue=first.queue)

        def laying_out() -> bool:
            job.refresh_from_db()
            assert first.process is not None and first.process.poll() is None, first.output()
            return job.status == JobStatus.RUNNING and job.progress >= 55

        # Inside WeasyPrint's layout: one long call without progress callbacks, where only the
        # heartbeat thread stamps the row (tests/jobs/test_heartbeat_recovery.py).
        _wait(laying_out, "La generazione non è partita", processes)
        last_beat = job.heartbeat_at
        assert last_beat is not None

        assert first.process is not None
        os.killpg(first.process.pid, signal.SIGKILL)  # the whole worker, mid-build
        killed_at = time.monotonic()
        killed_wall = timezone.now()
        first.process.wait(timeout=15)
        version.refresh_from_db()
        assert not version.pdf  # nothing published by the killed run
        final = Path(settings.MEDIA_ROOT) / pdf_filename(version)
        assert not final.exists()

        second.start()

        def finished() -> bool:
            job.refresh_from_db()
            return job.status in (JobStatus.DONE, JobStatus.FAILED)

        _wait(finished, "Il secondo worker non ha completato la generazione", processes)
        recovery = time.monotonic() - killed_at
        assert job.started_at is not None and job.finished_at is not None
        print(
            f"\n{slug}: ucciso {(killed_wall - last_beat).total_seconds():.1f}s dopo un battito, "
            f"ripreso dopo {(job.started_at - killed_wall).total_seconds():.1f}s, "
            f"seconda generazione {(job.finished_at - job.started_at).total_seconds():.1f}s, "
            f"totale {recovery:.1f}s"
        )
        assert job.status == JobStatus.DONE, job.error
        assert job.attempts == 2
        version.refresh_from_db()
        assert version.pdf.name == pdf_filename(version)
        assert final.read_bytes().startswith(b"%PDF")
        assert sorted(p.name for p in final.parent.iterdir()) == [final.name]  # ONE file
        assert hashlib.sha256(final.read_bytes()).hexdigest() == version.pdf_sha256
        assert recovery < RECOVERY_TARGET, f"ripreso in {recovery:.1f}s\n" + "\n".join(
            p.output() for p in processes
        )
        return recovery
    finally:
        app.close()
        for worker in (first, second):
            if worker.process is not None:
                worker.stop()
            worker.log.unlink(missing_ok=True)
        first.cleanup_redis()


@pytest.mark.django_db(transaction=True)
def test_killed_worker_job_done_by_a_new_worker_within_a_minute(redis_url, tmp_path) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # the worker must see the test database: skip on a bare machine, fail in CI
        require_service("PostgreSQL (DATABASE_URL)", "", 5432)
    import redis

    # The test's own Redis database (REDIS_URL): the sweep sends to the build's queue there.
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    stale_keys = [*_sweep_queues(), "unacked", "unacked_index", "unacked_mutex"]
    client.delete(*stale_keys)
    env = {**_worker_env(), "REDIS_URL": redis_url}
    beat = Beat({**Worker(redis_url, env).env}, tmp_path)
    beat.start()
    runs = max(1, int(os.environ.get("WORKER_KILL_RUNS", "1")))
    figures: list[float] = []
    try:
        for run in range(runs):
            figures.append(
                _kill_mid_build_and_recover(
                    redis_url, env, beat, slug=f"bilancio-kill-{run}", year=2000 + run
                )
            )
    finally:
        beat.stop()
        client.delete(*stale_keys)
        client.close()
    print(
        f"\nRecupero dopo SIGKILL del worker, {runs} prove: "
        f"min {min(figures):.1f}s, mediana {statistics.median(figures):.1f}s, "
        f"max {max(figures):.1f}s ({', '.join(f'{f:.1f}' for f in figures)})"
    )
