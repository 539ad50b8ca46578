"""Benchmark of the Bilancio Sociale: snapshot and PDF build at several data sizes.

    python bench/bilancio/run.py 10000 200000 1000000     # seeds missing databases first
    python bench/bilancio/run.py 10000 --no-seed          # measure an existing database

For each size N it uses a dedicated PostgreSQL database (cdn_bench_bilancio_<N>; server from
BENCH_PG, default postgres://postgres@127.0.0.1:5432), seeded with
`manage.py seed_demo --activities N` when it does not exist yet, then runs
bench/bilancio/measure.py twice in fresh processes (snapshot, then PDF) and prints a table:
wall seconds, CPU seconds and peak RSS of the measuring process (resource.getrusage).
Targets (issue 6): snapshot < 10 s; ~60 pages with 30 charts < 15 s and < 400 MB; neither grows
from 10,000 to 1,000,000 records.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _env(size: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/cdn_bench_bilancio_{size}",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media" / str(size)),
        "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.dev",
    }


def _database_exists(size: int) -> bool:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [f"cdn_bench_bilancio_{size}"]
        ).fetchone()
        return row is not None


def _seed(size: int) -> float:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "cdn_bench_bilancio_{size}"')
    env = _env(size)
    start = time.perf_counter()
    for args in (["migrate", "-v0"], ["load_reference"], ["seed_demo", "--activities", str(size)]):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return time.perf_counter() - start


def _measure(size: int, step: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [PYTHON, "bench/bilancio/measure.py", step],
        cwd=ROOT,
        env=_env(size),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.strip().splitlines()[-1])
    result["process_cpu_seconds"] = round(
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    print(
        "| records | summary refresh s | snapshot s | snapshot CPU s | snapshot peak MB | PDF s | "
        "PDF CPU s | PDF peak MB | pages | charts |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        if not _database_exists(size):
            if args.no_seed:
                sys.exit(f"cdn_bench_bilancio_{size} does not exist")
            seconds = _seed(size)
            print(f"(seeded {size:,} records in {seconds:.0f} s)", file=sys.stderr)
        for _ in range(args.repeat):
            snap = _measure(size, "snapshot")
            pdf = _measure(size, "pdf")
            print(
                f"| {snap['records']:,} | {snap['summary_refresh_seconds']} | "
                f"{snap['seconds']} | {snap['cpu_seconds']} | "
                f"{snap['peak_rss_mb']} | {pdf['seconds']} | {pdf['cpu_seconds']} | "
                f"{pdf['peak_rss_mb']} | {pdf['pages']} | {pdf['charts']} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
