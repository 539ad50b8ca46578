#!/usr/bin/env python3
"""The portal search at N activity records (issue 15.1), in process, production settings.

    DATABASE_URL=postgres://…/<1M copy> REDIS_URL=… .venv/bin/python bench/search/run.py \
        [--words laboratorio,sportello,zzzqqq] [--explain]

For every role (staff of every zone, staff of one zone, partner referent, council president,
anonymous) and word: /cerca/?q=… (every kind) and /cerca/?q=…&tipo=attivita, the first request
(cold: empty cache), the median wall and CPU (`time.process_time`) of 10 more (warm), the
query count, and the same for the trivial view (`/__bench__/ok/`, the stack's floor). Settings:
bench/pages/bench_settings (production + the trivial view), Django's test client (no socket:
add gunicorn's share with bench/pages/run.py --only cerca). --explain: EXPLAIN (ANALYZE,
BUFFERS) of the grouped page's one search query for each role.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "pages")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
for _name, _value in {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "PORTAL_BASE_URL": "http://127.0.0.1",
    "DATABASE_CONN_MAX_AGE": "600",
}.items():
    os.environ.setdefault(_name, _value)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from citta_del_noi.accounts.models import User  # noqa: E402
from citta_del_noi.search import engine  # noqa: E402

ACCOUNTS = {
    "staff": "staff@cittadelnoi.demo",
    "staff_zona": "staff.est@cittadelnoi.demo",
    "partner": "referente@auser.demo",
    "consiglio": "presidente@cittadelnoi.demo",
    "anonimo": "",
}
WARM = 10


def timed(client: Client, url: str) -> tuple[float, float, int, int]:
    """(wall ms, CPU ms, queries, HTTP status)."""
    with CaptureQueriesContext(connection) as ctx:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url, HTTP_X_FORWARDED_PROTO="https")
        wall_ms = (time.perf_counter() - wall) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
    return wall_ms, cpu_ms, len(ctx.captured_queries), response.status_code


def measure(client: Client, role: str, url: str) -> None:
    cold = timed(client, url)
    warm = [timed(client, url) for _ in range(WARM)]
    wall = statistics.median(w[0] for w in warm)
    print(
        f"{role:10s} {url:42s} cold {cold[0]:6.1f} ms  warm {wall:6.1f}"
        f" ms  CPU {statistics.median(w[1] for w in warm):5.1f} ms  queries {cold[2]:2d}"
        f"  HTTP {cold[3]}",
        flush=True,
    )


def explain(word: str) -> None:
    for role, email in ACCOUNTS.items():
        user = User.objects.get(email=email) if email else AnonymousUser()
        with CaptureQueriesContext(connection) as ctx:
            engine.search_all(user, word)
        sql = [q["sql"] for q in ctx.captured_queries if "search_kind" in q["sql"]]
        if not sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql[0])
            lines = [line for (line,) in cursor.fetchall()]
        scans = [ln.strip() for ln in lines if "Scan on cantieri_activityrecord" in ln]
        total = [ln.strip() for ln in lines if ln.startswith(("Planning Time", "Execution Time"))]
        print(f"\nEXPLAIN '{word}' {role}: {' | '.join(total)}")
        for line in scans:
            print("   ", line[:160])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", default="laboratorio,sportello,zzzqqq")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cantieri_activityrecord")
        print(f"activity records: {cursor.fetchone()[0]:,}; load average {os.getloadavg()}")
    cache.clear()
    for role, email in ACCOUNTS.items():
        client = Client(SERVER_NAME="localhost")
        if email:
            client.force_login(User.objects.get(email=email))
        measure(client, role, "/__bench__/ok/")
        for word in args.words.split(","):
            for url in (f"/cerca/?q={word}", f"/cerca/?q={word}&tipo=attivita"):
                measure(client, role, url)
    if args.explain:
        for word in args.words.split(","):
            explain(word)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
