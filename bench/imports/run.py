"""Benchmark of the activity import (issue 14, "Imports"): N rows in the template's format,
validated (preview) and saved (apply) through the real job code, as the worker runs it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdn_bench_imports \\
        .venv/bin/python bench/imports/run.py --rows 10000 [--format xlsx|csv]

Run it on a database of its own (it migrates it, loads the reference data and adds records).
Prints seconds, rows per second and peak resident memory (VmHWM, reset before each phase) of
the preview and the apply job; exits 1 when the apply misses --target seconds (default 60 for
100,000 rows, scaled linearly). Not a timed test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citta_del_noi.settings.dev")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):  # not Linux: the peak covers the whole run
        Path("/proc/self/clear_refs").write_text("5")


def _cpu_seconds() -> float:
    """User + system CPU of this process (the worker's side; PostgreSQL's is not counted):
    less sensitive than wall time to the load of a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _values(i: int, prefix: str) -> dict[str, object]:
    total = 10 + i % 7
    return {
        "import_key": f"{prefix}-{i}",
        "title": f"Laboratorio di quartiere {i}",
        "azione": "5",
        "kind": "laboratorio",
        "reporting_period": "2019-H1",
        "period_start": "01/02/2019",
        "period_end": "28/02/2019",
        "city_wide": "no",
        "quartieri": "Mompiano",
        "participants_total": total,
        "participants_new": total - 4,
        "participants_returning": 4,
        "participants_female": total - 5,
        "participants_male": 5,
        "participants_sex_unknown": 0,
        "age_30_64": total,
        "volunteers": 2,
        "volunteer_hours": 8,
    }


def build_file(rows: int, fmt: str, prefix: str) -> bytes:
    from cantieri import imports

    headers = imports.all_headers()
    keys = [k for k, _h, _kind, _d in headers]
    titles = [h for _k, h, _kind, _d in headers]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";")
        writer.writerow(titles)
        for i in range(rows):
            v = _values(i, prefix)
            writer.writerow([v.get(k, "") for k in keys])
        return buf.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Attività")
    ws.append(titles)
    for i in range(rows):
        v = _values(i, prefix)
        ws.append([v.get(k) for k in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--target", type=float, default=None, help="seconds for the apply")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile each phase: the top functions"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database of its own.", file=sys.stderr)
        return 2

    import django

    django.setup()
    from datetime import date

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from cantieri.models import ActivityImport, ActivityRecord, ReportingPeriod
    from cantieri.tasks import start_import_job  # noqa: F401 - registers the job handler
    from citta_del_noi.accounts.models import User
    from citta_del_noi.jobs.models import Job
    from citta_del_noi.jobs.services import job_run, params_hash_for
    from citta_del_noi.organizations.models import LegalForm, Organization
    from citta_del_noi.organizations.services import membership_add

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ReportingPeriod.objects.get_or_create(
        name="2019-H1",
        defaults={
            "start": date(2019, 1, 1),
            "end": date(2019, 6, 30),
            "closes_on": date(2019, 6, 30),
        },
    )
    org, _c = Organization.objects.get_or_create(
        slug="bench-import", defaults={"name": "Bench import", "legal_form": LegalForm.ASSOCIAZIONE}
    )
    user = User.objects.filter(email="bench.import@example.org").first()
    if user is None:
        user = User.objects.create_user(email="bench.import@example.org", password=None)
        membership_add(user=user, organization=org)

    prefix = f"B{int(time.time())}"
    started = time.monotonic()
    content = build_file(args.rows, args.format, prefix)
    print(
        f"file: {args.rows} rows, {args.format}, {len(content) / 1024 / 1024:.1f} MB, "
        f"built in {time.monotonic() - started:.1f} s"
    )
    upload = ActivityImport(user=user, organization=org, original_name=f"bench.{args.format}")
    upload.file_format = args.format
    upload.file.save(f"bench.{args.format}", ContentFile(content), save=False)
    upload.save()
    del content

    results = {}
    for phase in ("preview", "apply"):
        params = {"import_id": upload.pk, "phase": phase, "submit_now": False}
        job = Job.objects.create(
            kind="cantieri.import",
            params=params,
            params_hash=params_hash_for(kind="cantieri.import", params=params),
            created_by=user,
        )
        _reset_peak()
        t0 = time.monotonic()
        cpu0 = _cpu_seconds()
        if args.profile:
            profiler = cProfile.Profile()
            outcome = profiler.runcall(job_run, job_id=job.pk)
        else:
            outcome = job_run(job_id=job.pk)
        seconds = time.monotonic() - t0
        cpu = _cpu_seconds() - cpu0
        job.refresh_from_db()
        results[phase] = seconds
        print(
            f"{phase}: {seconds:.1f} s ({args.rows / seconds:.0f} rows/s), CPU {cpu:.1f} s, "
            f"peak RSS "
            f"{_peak_mb():.0f} MB, job {outcome} {job.status} {job.progress}% {job.error[:200]}"
        )
        if args.profile:
            for order in ("tottime", "cumulative"):
                pstats.Stats(profiler).sort_stats(order).print_stats(25)
    saved = ActivityRecord.objects.filter(import_key__startswith=prefix + "-").count()
    print(f"saved: {saved} of {args.rows}; total {sum(results.values()):.1f} s")
    target = args.target if args.target is not None else 60 * args.rows / 100_000
    if saved != args.rows or results["apply"] + results["preview"] > target:
        print(f"MISSED: target {target:.0f} s for validation and saving")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
