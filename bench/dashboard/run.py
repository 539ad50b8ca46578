#!/usr/bin/env python3
"""Dashboard benchmark: PostgreSQL with 1,000,000 activity records, gunicorn, 8 clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdn_bench \
        .venv/bin/python bench/dashboard/run.py

Steps (each can be skipped, see --help):
1. create the database if missing, migrate, `manage.py seed_demo --activities N` (N = 1,000,000);
2. build the dashboard summary tables (cantieri.summary.rebuild) and time it;
3. create a bench council member and a session for it;
4. start gunicorn with the production settings (bench_settings.py: a bench secret, Redis cache);
5. load the trivial view (/privacy/) and the main dashboard (/cruscotto/) in the same run, with a
   small threaded load generator (http.client, keep-alive, 8 clients, fixed duration each);
6. print req/s, p50, p95 and the ratio, and write bench/dashboard/results.json.

Targets (issue 4): dashboard req/s ≥ 1/4 of the trivial view's, dashboard p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cdn_bench"
BENCH_SECRET = "bench-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
BENCH_EMAIL = "bench.consigliere@cittadelnoi.demo"


SETTINGS = "bench_settings"  # the production settings, see bench_settings.py


def env_for(args: argparse.Namespace, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(Path(__file__).parent)])
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": settings,
            "DJANGO_SECRET_KEY": BENCH_SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DATABASE_CONN_MAX_AGE": "600",
        }
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def manage(
    args: argparse.Namespace,
    *cmd: str,
    settings: str = SETTINGS,
    capture: bool = False,
) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *cmd],
        cwd=ROOT,
        env=env_for(args, settings),
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def ensure_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Creato il database {name}.")


SETUP_CODE = """
import time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from citta_del_noi.accounts.models import User
from cantieri.models import ActivityRecord, ActivityStatus
from cantieri import summary
from consigli.models import Consiglio, CouncilMember, MemberCategory

started = time.monotonic()
summary.rebuild()
rebuild_s = time.monotonic() - started
user, _ = User.objects.get_or_create(email="%(email)s", defaults={"first_name": "Bench"})
CouncilMember.objects.get_or_create(
    consiglio=Consiglio.objects.get(slug="indirizzo"), user=user,
    defaults={"category": MemberCategory.ESPERTO, "term_start": timezone.localdate()},
)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.set_expiry(86400)
session.create()
print("RESULT", session.session_key, round(rebuild_s, 2),
      ActivityRecord.objects.count(),
      ActivityRecord.objects.filter(status=ActivityStatus.APPROVED).count())
"""


def setup(args: argparse.Namespace) -> tuple[str, float, int, int]:
    out = manage(args, "shell", "-c", SETUP_CODE % {"email": BENCH_EMAIL}, capture=True)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    _tag, key, rebuild, total, approved = line.split()
    return key, float(rebuild), int(total), int(approved)


def wait_port(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn non risponde")


def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads, each with a keep-alive connection, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    statuses: dict[int, int] = {}
    kinds: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {
        "Cookie": f"sessionid={cookie}",
        "Host": "127.0.0.1",
        "Accept-Language": "it",
        "X-Forwarded-Proto": "https",
    }

    def worker() -> None:
        # gunicorn's sync workers close the connection after each response: one connection
        # per request, as a browser behind a proxy would see it.
        mine: list[float] = []
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[0] += 1
                    kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                continue
            finally:
                conn.close()
            mine.append(time.perf_counter() - t0)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors[0],
        "error_kinds": kinds,
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--skip-seed", action="store_true", help="il database è già popolato")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument("--threads", type=int, default=1, help="thread per worker gunicorn")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--dashboard", default="/cruscotto/")
    parser.add_argument("--trivial", default="/privacy/")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Il benchmark richiede PostgreSQL (DATABASE_URL=postgres://…).")
    if args.redis_url:
        try:
            with socket.create_connection(
                (
                    urlparse(args.redis_url).hostname or "127.0.0.1",
                    urlparse(args.redis_url).port or 6379,
                ),
                1,
            ):
                pass
        except OSError:
            print("Redis non raggiungibile: cache locale per processo.")
            args.redis_url = ""

    ensure_database(args.database_url)
    if not args.skip_seed:
        manage(args, "migrate", "--noinput", settings="citta_del_noi.settings.dev")
        started = time.monotonic()
        manage(
            args,
            "seed_demo",
            "--activities",
            str(args.activities),
            settings="citta_del_noi.settings.dev",
        )
        print(f"Dati generati in {time.monotonic() - started:.0f} s")
    manage(args, "collectstatic", "--noinput", "-v", "0")
    session, rebuild_s, total, approved = setup(args)
    print(f"Attività: {total} (approvate {approved}); riepilogo ricostruito in {rebuild_s} s")

    server = subprocess.Popen(  # noqa: S603
        [
            GUNICORN,
            "citta_del_noi.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(args, SETTINGS),
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_port(args.port)
        for path in (args.trivial, args.dashboard):  # warm every worker
            load(args.port, path, session, args.clients, 3)
        trivial = load(args.port, args.trivial, session, args.clients, args.seconds)
        dashboard = load(args.port, args.dashboard, session, args.clients, args.seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ratio = dashboard["rps"] / trivial["rps"] if trivial["rps"] else 0
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "activities": total,
        "approved": approved,
        "summary_rebuild_s": rebuild_s,
        "workers": args.workers,
        "threads": args.threads,
        "clients": args.clients,
        "cache": "redis" if args.redis_url else "locmem",
        "trivial": trivial,
        "dashboard": dashboard,
        "ratio": round(ratio, 3),
        "targets_met": ratio >= 0.25
        and dashboard["p95_ms"] < 300
        and dashboard["statuses"].get(200, 0) == dashboard["requests"],
    }
    (Path(__file__).parent / "results.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(
        f"\n| vista | req/s | p50 ms | p95 ms |\n|---|---|---|---|\n"
        f"| {args.trivial} | {trivial['rps']} | {trivial['p50_ms']} | {trivial['p95_ms']} |\n"
        f"| {args.dashboard} | {dashboard['rps']} | {dashboard['p50_ms']} | "
        f"{dashboard['p95_ms']} |\n\nrapporto cruscotto/banale: {ratio:.2f} "
        f"({'obiettivi raggiunti' if result['targets_met'] else 'obiettivi NON raggiunti'})"
    )
    sys.exit(0 if result["targets_met"] else 1)


if __name__ == "__main__":
    main()
