"""The portal on "more than one machine", with real processes (issue 14.2).

Started here, all on the loopback: a PostgreSQL streaming replica of the primary
(pg_basebackup -R into a temporary folder, on another port), an S3-compatible server (moto in
server mode), two gunicorn instances with the same settings (replica and object storage
configured), a Celery worker for the "heavy" queue (PDF builds) and one for "default". A staff
member logs in through instance 1 and goes on with the same session cookie on instance 2,
builds a Bilancio PDF there (run by the heavy worker, stored in the bucket), downloads it
through the portal's view on instance 1 and reads the dashboard from the replica.

Skipped on a bare machine (no PostgreSQL / Redis / PostgreSQL server binaries), failing in CI
(CI_REQUIRE_SERVICES=1). The primary must allow replication connections from 127.0.0.1
(.ci/run adds the pg_hba line). Every process and the replica's folder are removed at the end.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import boto3
import psycopg
import pytest
import redis
import requests
from celery import Celery
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from storages.backends.s3 import S3Storage

from bilancio_sociale.models import EditionStatus, EditionVersion
from citta_del_noi.accounts.services import user_make_staff
from citta_del_noi.common.storage import download_url
from citta_del_noi.jobs.models import Job, JobStatus
from tests.bilancio_sociale.factories import make_edition
from tests.conftest import REQUIRE_SERVICES

pytestmark = [pytest.mark.services, pytest.mark.worker]

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 120  # seconds: a process under load on 2 shared cores
BUILD_TIMEOUT = 120
BUCKET = "citta-del-noi-test"
PASSWORD = "Scala-orizzontale-2026"


def _unavailable(message: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} è terminato:\n{_tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    pytest.fail(f"{what} non risponde sulla porta {port}:\n{_tail(log)}")


def _tail(log: Path, chars: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-chars:]
    except FileNotFoundError:
        return "(nessun log)"


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _value(conn: psycopg.Connection, sql: str) -> str:
    row = conn.execute(sql).fetchone()
    assert row is not None
    return str(row[0])


def _pg_bin(primary: psycopg.Connection) -> Path:
    major = _value(primary, "SHOW server_version_num")[:-4]
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/{major}/bin")):
        if Path(candidate, "postgres").exists() and Path(candidate, "pg_basebackup").exists():
            return Path(candidate)
    _unavailable(f"PostgreSQL {major} server binaries not found in /usr/lib/postgresql")
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Start `cmd` in its own process group; stop the whole group at the end."""
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            cmd, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@contextlib.contextmanager
def _streaming_replica(primary: psycopg.Connection, host: str, port: int) -> Iterator[int]:
    """pg_basebackup -R from the primary into a temporary folder, started on a free port."""
    if _value(primary, "SHOW wal_level") not in ("replica", "logical"):
        _unavailable("the primary's wal_level does not allow a streaming replica")
    pg_bin = _pg_bin(primary)
    limits: dict[str, str] = dict(
        primary.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', "
            "'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', "
            "'max_locks_per_transaction')"
        ).fetchall()
    )
    folder = Path(tempfile.mkdtemp(prefix="cdn-replica-"))
    data = folder / "data"
    replica_port = _free_port()
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        backup = subprocess.run(  # noqa: S603
            _as_postgres(
                [str(pg_bin / "pg_basebackup"), "-h", host, "-p", str(port), "-U", "postgres"]
                + ["-D", str(data), "-R", "-X", "stream", "-c", "fast"]
            ),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if backup.returncode != 0:
            pytest.fail(
                "pg_basebackup failed (the primary must allow replication from 127.0.0.1, "
                f"see .ci/run):\n{backup.stderr}"
            )
        # Debian keeps the configuration outside the data folder: the replica gets its own.
        (data / "postgresql.conf").write_text("")
        (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        if os.geteuid() == 0:
            for name in ("postgresql.conf", "pg_hba.conf"):
                shutil.chown(data / name, "postgres", "postgres")
        options = [
            f"-p {replica_port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={folder}",
            f"-c hba_file={data / 'pg_hba.conf'}",
            "-c ssl=off",
            "-c hot_standby=on",
            "-c shared_buffers=32MB",
            "-c fsync=off",
            *(f"-c {name}={value}" for name, value in limits.items()),
        ]
        log = folder / "replica.log"
        started = subprocess.run(  # noqa: S603
            _as_postgres(
                [str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
                + ["-t", str(START_TIMEOUT), "-o", " ".join(options), "start"]
            ),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 10,
            check=False,
        )
        if started.returncode != 0:
            pytest.fail(f"the replica did not start:\n{started.stdout}{_tail(log)}")
        try:
            yield replica_port
        finally:
            subprocess.run(  # noqa: S603
                _as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _replica_reads(replica_url: str, database: str) -> list[str]:
    """The last statement of every client connected to `database` on the replica."""
    with psycopg.connect(replica_url, autocommit=True) as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT query FROM pg_stat_activity WHERE datname = %s "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                [database],
            ).fetchall()
        ]


def _csrf(session: requests.Session, base: str, path: str) -> str:
    page = session.get(base + path, timeout=30)
    assert page.status_code == 200, page.text[:500]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, "no CSRF token on " + path
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_two_web_instances_two_queues_replica_and_object_storage(
    reference, redis_url, tmp_path, settings
) -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        _unavailable("serve PostgreSQL (DATABASE_URL): replica e processi reali")
    host, port = db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)
    user = db.get("USER") or "postgres"
    primary_url = f"postgres://{quote(user)}@{host}:{port}/{quote(db['NAME'])}"

    # The data: a staff member (two-factor not asked in this test's settings) and a published
    # edition whose PDF is not built yet.
    staff = get_user_model().objects.create_user(email="staff.scala@example.org")
    # The web instances run the real hasher list, without the tests' fast MD5 one.
    staff.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    staff.save(update_fields=["password"])
    staff = user_make_staff(user=staff)
    edition = make_edition(
        slug="bilancio-2018", year=2018, status=EditionStatus.PUBLISHED, by=staff
    )
    version = edition.versions.get()

    broker = redis.Redis.from_url(redis_url)
    broker.delete("default", "heavy")  # no leftover message of an interrupted run

    with contextlib.ExitStack() as stack, psycopg.connect(primary_url, autocommit=True) as pg:
        replica_port = stack.enter_context(_streaming_replica(pg, host, port))
        replica_url = f"postgres://{quote(user)}@127.0.0.1:{replica_port}/{quote(db['NAME'])}"

        s3_port = _free_port()
        s3_log = tmp_path / "s3.log"
        s3 = stack.enter_context(
            _process(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
                {**os.environ},
                s3_log,
            )
        )
        _wait_port(s3_port, s3, s3_log, "moto (S3)")
        s3_url = f"http://127.0.0.1:{s3_port}"
        client = boto3.client(
            "s3",
            endpoint_url=s3_url,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)

        media = tmp_path / "media"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.dev",
            "DATABASE_URL": primary_url,
            "DATABASE_REPLICA_URL": replica_url,
            "DATABASE_REPLICA_PIN_SECONDS": "2",
            "REDIS_URL": redis_url,
            "STORAGE_BUCKET": BUCKET,
            "STORAGE_URL": s3_url,
            "STORAGE_ACCESS_KEY_ID": "test",
            "STORAGE_SECRET_ACCESS_KEY": "test",
            "STORAGE_REGION": "us-east-1",
            "MEDIA_ROOT": str(media),  # must stay empty: the files are in the bucket
            "MFA_REQUIRED_FOR_STAFF": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_SECRET_KEY": "scale-out-test-" + uuid.uuid4().hex,
            "PYTHONUNBUFFERED": "1",
        }
        webs = []
        for number in (1, 2):
            web_port = _free_port()
            log = tmp_path / f"web{number}.log"
            process = stack.enter_context(
                _process(
                    [sys.executable, "-m", "gunicorn", "citta_del_noi.wsgi:application"]
                    + [f"--bind=127.0.0.1:{web_port}", "--workers=1", "--timeout=60"],
                    env,
                    log,
                )
            )
            webs.append((web_port, process, log))
        workers = {}
        for queue in ("heavy", "default"):
            log = tmp_path / f"worker-{queue}.log"
            workers[queue] = (
                stack.enter_context(
                    _process(
                        [sys.executable, "-m", "celery", "-A", "citta_del_noi", "worker"]
                        + ["-Q", queue, "--pool=solo", "--loglevel=INFO"]
                        + [f"--hostname={queue}-{uuid.uuid4().hex[:8]}@%h"]
                        + ["--without-gossip", "--without-mingle"],
                        env,
                        log,
                    )
                ),
                log,
            )
        for web_port, process, log in webs:
            _wait_port(web_port, process, log, "gunicorn")
        web1, web2 = (f"http://127.0.0.1:{web_port}" for web_port, _p, _l in webs)

        # 1. Log in through instance 1, go on with the same cookie on instance 2.
        browser = requests.Session()
        token = _csrf(browser, web1, reverse("account_login"))
        login = browser.post(
            web1 + reverse("account_login"),
            data={"login": staff.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": web1 + reverse("account_login")},
            allow_redirects=False,
            timeout=30,
        )
        assert login.status_code == 302, login.text[:2000]
        area = browser.get(web2 + reverse("core:area_riservata"), allow_redirects=False, timeout=30)
        assert area.status_code == 200, (area.status_code, area.headers.get("Location"))

        # 2. Build the PDF from instance 2: the job runs on the heavy worker.
        detail = reverse("bilancio_sociale:staff_detail", args=[edition.pk])
        token = _csrf(browser, web2, detail)
        build = browser.post(
            web2 + reverse("bilancio_sociale:build_pdf", args=[edition.pk, version.number]),
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": web2 + detail},
            allow_redirects=False,
            timeout=30,
        )
        assert build.status_code == 302, build.text[:2000]
        job = Job.objects.get(kind="bilancio_sociale.build_pdf", target_id=str(version.pk))
        deadline = time.monotonic() + BUILD_TIMEOUT
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            for queue, (process, log) in workers.items():
                if process.poll() is not None:
                    pytest.fail(f"the {queue} worker stopped:\n{_tail(log)}")
            time.sleep(0.5)
        assert job.status == JobStatus.DONE, (job.status, job.error, _tail(workers["heavy"][1]))
        heavy_log = workers["heavy"][1].read_text(errors="replace")
        default_log = workers["default"][1].read_text(errors="replace")
        assert "Task jobs.run_job[" in heavy_log and "Task jobs.run_job[" not in default_log

        # The file is in the bucket, not on this machine.
        version = EditionVersion.objects.get(pk=version.pk)
        stored = client.head_object(Bucket=BUCKET, Key=f"media/{version.pdf.name}")
        assert stored["ContentLength"] == version.pdf_size > 0
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))

        # 3. Download it through the portal's view, on instance 1.
        pdf = browser.get(
            web1 + reverse("bilancio_sociale:version_pdf", args=[edition.slug, version.number]),
            timeout=60,
        )
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["X-Content-SHA256"] == version.pdf_sha256
        assert len(pdf.content) == version.pdf_size

        # ...or, with STORAGE_SIGNED_DOWNLOADS, from a signed URL that expires.
        bucket_storage = S3Storage(
            bucket_name=BUCKET,
            endpoint_url=s3_url,
            access_key="test",
            secret_key="test",
            region_name="us-east-1",
            location="media",
            addressing_style="path",
            signature_version="s3v4",
            querystring_expire=60,
        )
        settings.STORAGE_SIGNED_DOWNLOADS = True
        signed = download_url(version.pdf.name, filename="b.pdf", storage=bucket_storage)
        assert signed and "X-Amz-Expires=60" in signed and "X-Amz-Signature=" in signed
        assert requests.get(signed, timeout=30).content == pdf.content
        unsigned = signed.split("?", 1)[0]
        assert requests.get(unsigned, timeout=30).status_code == 403  # the bucket is private

        # 4. The dashboard reads from the replica once the post-write pin has expired (2 s).
        time.sleep(2.5)
        assert _replica_reads(replica_url, db["NAME"]) == []  # no page so far used it
        dashboard = browser.get(web2 + reverse("cruscotto:index"), timeout=60)
        assert dashboard.status_code == 200
        reads = _replica_reads(replica_url, db["NAME"])
        assert reads and all(q.lstrip().upper().startswith("SELECT") for q in reads), reads
        # 5. A task of the default queue is answered by the default worker, not the PDF one.
        celery_client = Celery(broker=redis_url, backend=redis_url)
        try:
            assert (
                celery_client.send_task("core.ping", args=[41], queue="default").get(timeout=60)
                == 42
            )
        finally:
            celery_client.close()
        assert "Task core.ping[" in workers["default"][1].read_text(errors="replace")
        assert "Task core.ping[" not in workers["heavy"][1].read_text(errors="replace")
