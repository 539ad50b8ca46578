#!/usr/bin/env python3
"""The portal search at N activity records (issue 15.1): cold and warm /cerca/ timings and the
plan of the activity match.

    DATABASE_URL=postgres://…/cdn_bench1m .venv/bin/python bench/search/run.py [--words a,b]

Runs in-process (Django's test client, the test settings, one staff account that sees every
record and one partner); prints the first request (cold) and the median of five more (warm),
with the query count, and EXPLAIN ANALYZE of the activity kind's page query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citta_del_noi.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from citta_del_noi.accounts.models import User  # noqa: E402
from citta_del_noi.search import engine, registry  # noqa: E402

ACCOUNTS = {"staff": "staff@cittadelnoi.demo", "partner": "referente@auser.demo"}


def timed(client: Client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - t) * 1000
    return ms, len(ctx.captured_queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", default="laboratorio,anziani,sportello,zzzqqq")
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cantieri_activityrecord")
        print(f"activity records: {cursor.fetchone()[0]:,}")
    for role, email in ACCOUNTS.items():
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=email))
        for word in args.words.split(","):
            for url in (f"/cerca/?q={word}", f"/cerca/?q={word}&tipo=attivita"):
                cold = timed(client, url)
                warm = [timed(client, url)[0] for _ in range(5)]
                median = statistics.median(warm)
                print(
                    f"{role:8s} {url:40s} cold {cold[0]:7.1f} ms  warm {median:7.1f} ms"
                    f"  queries {cold[1]}  HTTP {cold[2]}"
                )
                reset_queries()
    staff = User.objects.get(email=ACCOUNTS["staff"])
    provider = registry.provider("attivita")
    assert provider is not None
    for word in args.words.split(","):
        with CaptureQueriesContext(connection) as ctx:
            engine.search_group(provider, staff, word)
        sql = ctx.captured_queries[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print(f"\nEXPLAIN ANALYZE '{word}':")
            for (line,) in cursor.fetchall():
                print("   ", line)


if __name__ == "__main__":
    main()
