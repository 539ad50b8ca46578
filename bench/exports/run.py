#!/usr/bin/env python3
"""Export benchmark: time and peak memory of the activity CSV and XLSX exports for N records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdn_bench_exports \
        .venv/bin/python bench/exports/run.py --activities 1000000

1. create the database if missing, migrate, `manage.py seed_demo --activities N` (bulk SQL);
   skip with --skip-seed when the database already holds them;
   (on an existing seeded database, e.g. a copy of the 1,000,000-record one: --skip-seed);
2. for each format, in a fresh child process (so its peak RSS is the export's alone): build the
   export exactly as the worker's job does (cantieri.export_jobs: same selector, a Comune staff
   viewer who sees every record, the same writers: constant-memory XLSX, CSV) into a
   temporary file; report rows, seconds, CPU seconds of the exporting process (less sensitive
   to the shared load; the database server's own CPU is not in it), peak RSS (MB), file size
   and rows/s;
3. print a table and write bench/exports/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cdn_bench_exports"


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def measure(fmt: str) -> None:
    """Child process: one export, printed as JSON on the last line."""
    import django

    django.setup()
    from cantieri import exports, selectors
    from cantieri.selectors import ActivityFilters
    from citta_del_noi.accounts.models import User
    from citta_del_noi.accounts.services import user_make_staff

    user = User.objects.filter(email="bench.export@example.org").first()
    if user is None:
        user = User.objects.create_user(email="bench.export@example.org", password=None)
        user = user_make_staff(user=user)
    qs = selectors.activities_filtered_for(user, ActivityFilters())
    write = exports.write_xlsx if fmt == "xlsx" else exports.write_csv
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{fmt}"
        started = time.monotonic()
        cpu_started = time.process_time()
        with open(path, "wb") as handle:
            rows = write(qs, handle)
        seconds = time.monotonic() - started
        cpu_seconds = time.process_time() - cpu_started
        size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "format": fmt,
                "rows": rows,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu_seconds, 1),
                "rows_per_s": round(rows / seconds) if seconds else None,
                "peak_rss_mb": round(peak_mb),
                "file_mb": round(size / 1e6, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.dev",
    }
    if not args.skip_seed:
        ensure_database(args.database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_reference")
        started = time.monotonic()
        manage(env, "seed_demo", "--activities", str(args.activities))
        print(f"seed: {time.monotonic() - started:.0f} s")
    results = []
    for fmt in args.formats.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", fmt],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'formato':8} {'righe':>10} {'secondi':>8} {'CPU s':>7} {'righe/s':>8} "
        f"{'picco MB':>9} {'file MB':>8}"
    )
    for r in results:
        print(
            f"{r['format']:8} {r['rows']:>10} {r['seconds']:>8} {r['cpu_seconds']:>7} "
            f"{r['rows_per_s']:>8} "
            f"{r['peak_rss_mb']:>9} {r['file_mb']:>8}"
        )
    load = os.getloadavg()
    print(f"load average: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    (Path(__file__).parent / "results.json").write_text(
        json.dumps({"results": results, "loadavg": load}, indent=2) + "\n"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
