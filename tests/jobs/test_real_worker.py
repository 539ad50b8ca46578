"""A real Celery worker process, through Redis (issue 2, point 9).

1. `core.ping` sent through Redis to a `celery -A citta_del_noi worker` started here.
2. A Job run by that worker against PostgreSQL (only when DATABASE_URL is PostgreSQL: the worker
   must see the test database, hence transactional tests).

Every wait is bounded and the worker is always stopped, so a hung worker cannot hang the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

import pytest
from celery import Celery
from django.conf import settings

from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import params_hash_for

pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)
REDIS_TEST_DB = 15
RESULT_TIMEOUT = 90  # seconds: worker start (Django setup) plus the task
STOP_TIMEOUT = 15


def _redis_db(url: str, db: int = REDIS_TEST_DB) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{db}"))


class Worker:
    def __init__(
        self,
        redis_url: str,
        extra_env: dict[str, str] | None = None,
        pool: str = "solo",
        extra_queues: tuple[str, ...] = (),
    ) -> None:
        self.redis_url = redis_url
        self.pool = pool
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.extra_queues = extra_queues  # e.g. the queue the sweep sends jobs to
        self.log = BASE_DIR / "var" / f"worker-{self.queue}.log"
        env = {
            **os.environ,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.dev",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PYTHONUNBUFFERED": "1",
        }
        env.update(extra_env or {})
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.log, "wb")  # noqa: SIM115  (closed in stop)
        self._handle = handle
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "citta_del_noi",
                "worker",
                f"--pool={self.pool}",
                "--concurrency=1",
                "--loglevel=INFO",
                "--queues",
                ",".join((self.queue, *self.extra_queues)),
                "--hostname",
                f"{self.queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=STOP_TIMEOUT)
        self._handle.close()

    def children(self) -> list[int]:
        assert self.process is not None
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            text = (task / "children").read_text().split()
            pids += [int(pid) for pid in text]
        return pids

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def client(self) -> Celery:
        """A Celery client of its own (the test settings run tasks eagerly, in-process)."""
        app = Celery("worker-test", broker=self.redis_url, backend=self.redis_url)
        app.conf.task_default_queue = self.queue
        app.conf.broker_connection_retry_on_startup = False
        return app

    def cleanup_redis(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_timeout=5)
        client.delete(self.queue, f"{self.queue}.reply")
        client.close()


@pytest.fixture
def worker_factory(redis_url) -> Iterator:
    started: list[Worker] = []

    def start(extra_env: dict[str, str] | None = None, pool: str = "solo") -> Worker:
        worker = Worker(_redis_db(redis_url), extra_env, pool)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        worker.cleanup_redis()
        worker.log.unlink(missing_ok=True)


def test_ping_through_redis_to_a_real_worker(worker_factory) -> None:
    worker = worker_factory()
    app = worker.client()
    try:
        result = app.send_task("core.ping", args=[41], queue=worker.queue)
        try:
            assert result.get(timeout=RESULT_TIMEOUT) == 42
        except Exception as exc:
            pytest.fail(f"Il worker non ha risposto: {exc!r}\n{worker.output()}")
        assert worker.process is not None and worker.process.poll() is None
    finally:
        app.close()


def _wait_for_outcomes(worker: Worker, task_ids: list[str]) -> dict[str, str]:
    """Read "Task jobs.run_job[<id>] succeeded in ...: '<outcome>'" lines from the worker log."""
    deadline = time.monotonic() + RESULT_TIMEOUT
    outcomes: dict[str, str] = {}
    while time.monotonic() < deadline:
        for line in worker.output().splitlines():
            for task_id in task_ids:
                if f"[{task_id}] succeeded" in line:
                    outcomes[task_id] = line.rsplit(": ", 1)[-1].strip()
        if len(outcomes) == len(task_ids):
            return outcomes
        time.sleep(0.25)
    pytest.fail(f"Il worker non ha elaborato tutte le consegne:\n{worker.output()}")


def _postgres_url_for_test_db() -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{quote(db['NAME'])}"


def _require_postgresql() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("serve PostgreSQL (DATABASE_URL): il worker deve vedere il database di test")


def _worker_env() -> dict[str, str]:
    return {
        "DATABASE_URL": _postgres_url_for_test_db(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_CONN_MAX_AGE": "0",
    }


def _wait_job(job: Job, worker: Worker, until, what: str) -> None:
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return
        if worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"Il worker è terminato:\n{worker.output()}")
        time.sleep(0.1)
    pytest.fail(f"{what}: stato {job.status}, tentativi {job.attempts}\n{worker.output()}")


@pytest.mark.django_db(transaction=True)
def test_job_run_by_a_real_worker_on_postgresql(worker_factory) -> None:
    _require_postgresql()
    media_root = Path(settings.MEDIA_ROOT)
    worker = worker_factory(_worker_env())
    params = {"rows": 5}
    job = Job.objects.create(
        kind="jobs.selftest",
        params=params,
        params_hash=params_hash_for(kind="jobs.selftest", params=params),
    )
    app = worker.client()
    try:
        # Sent twice: the second delivery finds the row claimed or done and does nothing.
        first = app.send_task("jobs.run_job", args=[job.pk], queue=worker.queue)
        second = app.send_task("jobs.run_job", args=[job.pk], queue=worker.queue)
        deadline = time.monotonic() + RESULT_TIMEOUT
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            if worker.process is not None and worker.process.poll() is not None:
                pytest.fail(f"Il worker è terminato:\n{worker.output()}")
            time.sleep(0.25)
        else:
            pytest.fail(f"Il lavoro non è terminato in tempo ({job.status}):\n{worker.output()}")
        assert job.status == JobStatus.DONE, job.error
        result = job.result or {}
        assert result["rows"] == 5
        assert result["pid"] != os.getpid()  # really run by the worker process
        path = media_root / job.result_file.name
        assert path.read_text() == "".join(f"riga {i}\n" for i in range(1, 6))
        # Both deliveries processed: the worker logs each outcome; the second one did nothing.
        outcomes = _wait_for_outcomes(worker, [first.id, second.id])
        assert sorted(outcomes.values()) == ["'done'", "'skipped'"], outcomes
        job.refresh_from_db()
        assert job.attempts == 1
    finally:
        app.close()
        worker.stop()  # before the test database is dropped


@pytest.mark.django_db(transaction=True)
def test_job_survives_the_death_of_its_worker_process(worker_factory) -> None:
    """acks_late + reject_on_worker_lost: a pool process killed mid-job gives the job back to
    the queue; the redelivery reclaims the running row and finishes it (attempt 2)."""
    _require_postgresql()
    worker = worker_factory(_worker_env(), pool="prefork")
    params = {"rows": 60, "pause": 5}
    job = Job.objects.create(
        kind="jobs.selftest",
        params=params,
        params_hash=params_hash_for(kind="jobs.selftest", params=params),
    )
    app = worker.client()
    try:
        app.send_task("jobs.run_job", args=[job.pk], queue=worker.queue)
        _wait_job(
            job, worker, lambda j: j.status == JobStatus.RUNNING and j.progress > 0, "Non avviato"
        )
        children = worker.children()
        assert children, worker.output()
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        _wait_job(
            job, worker, lambda j: j.status in (JobStatus.DONE, JobStatus.FAILED), "Non ripreso"
        )
        assert job.status == JobStatus.DONE, job.error
        assert job.attempts == 2
        assert (job.result or {})["rows"] == 60
    finally:
        app.close()
        worker.stop()
