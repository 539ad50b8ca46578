"""Activity exports that could not finish well inside the web timeout run as jobs in the worker.

XLSX always, CSV when the filtered list has more than EXPORT_SYNC_MAX_ROWS records (a bounded
count: `LIMIT n + 1`, never a count of the whole archive). The job re-applies the same filters
through the same selector for the user who asked, at run time; the file is written through the
jobs' storage (temporary name, renamed when complete), its row count and SHA-256 are shown on the
job page, and only that user may download it (while they may still read activity rows).
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.jobs.models import Job
from citta_del_noi.jobs.registry import register_file_access
from citta_del_noi.jobs.services import JobContext, JobError, job_start, register_handler

from . import choice_selectors, exports, rules, selectors
from .forms import FilterForm
from .models import ActivityRecord
from .selectors import ActivityFilters

EXPORT_KIND = "cantieri.export"
FORMATS = ("csv", "xlsx")
ESTIMATE_FACTOR = 4  # planner's estimate above this × EXPORT_SYNC_MAX_ROWS: a job, no count
PROGRESS_EVERY = 5000  # rows between two progress reports (ctx.progress also throttles)
# Seconds per thousand rows for the job's time limit: ~3x the cost measured at 1,000,000 rows
# (bench/exports/run.py), so a loaded machine still finishes.
DEFAULT_PER_1000_ROWS = {"csv": 0.5, "xlsx": 2.5}


def activity_filters(user: Any, data: QueryDict) -> tuple[FilterForm, ActivityFilters]:
    """The list's filters from a query string (the page, its exports and export jobs)."""
    form = FilterForm(
        data or None,
        organizations=selectors.organizations_for_filter(user),
        zones=choice_selectors.zones_for_filter(user),
        organization_choices=partial(selectors.organization_choices_for, user),
        zone_choices=partial(choice_selectors.zone_choices_for, user),
    )
    f = ActivityFilters()
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        f = ActivityFilters(
            azione=cd["azione"],
            zona=cd["zona"],
            organization=cd["organization"],
            status=cd["status"],
            reporting_period=cd["reporting_period"],
            q=cd["q"],
        )
    if data.get("citta") in ("1", "0"):
        f.city_wide = data["citta"] == "1"
    return form, f


def sync_max_rows() -> int:
    return int(getattr(settings, "EXPORT_SYNC_MAX_ROWS", 10000))


def needs_job(qs: Any, fmt: str) -> bool:
    """XLSX always; CSV when there are more rows than can stream well inside the web timeout."""
    if fmt == "xlsx":
        return True
    limit = sync_max_rows()
    ids = qs.order_by().values("pk")
    if planner_rows(ids) > ESTIMATE_FACTOR * limit:
        return True  # clearly large (a wrong guess only makes a small export a job)
    # Only the ids, unordered: an index-only scan that stops at limit + 1 matching rows.
    return ids[: limit + 1].count() > limit


def planner_rows(qs: Any) -> float:
    """PostgreSQL's estimate of the rows of `qs` (EXPLAIN, a few ms, nothing read); 0 elsewhere.
    Lets a clearly large export skip the capped count, which must find limit + 1 matching rows
    (hundreds of ms for a text search matching a tenth of a million records)."""
    if connection.vendor != "postgresql":
        return 0
    plan = json.loads(qs.explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def archive_rows() -> int:
    """An upper bound of any export's row count, known at once: on PostgreSQL the planner's
    row count of the activity table (pg_class.reltuples, kept by autovacuum/ANALYZE), never
    below an exact count capped at EXPORT_TIME_LIMIT_COUNT_CAP rows; elsewhere the count."""
    cap = int(getattr(settings, "EXPORT_TIME_LIMIT_COUNT_CAP", 100_000))
    capped = ActivityRecord.objects.order_by()[: cap + 1].count()
    if connection.vendor != "postgresql" or capped <= cap:
        return capped
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [ActivityRecord._meta.db_table],
        )
        found = cursor.fetchone()
    return max(int(found[0]) if found else 0, capped)


def export_time_limit(fmt: str, rows: int) -> int:
    """The job's hard time limit (seconds), scaled with the number of rows: the base plus
    EXPORT_TIME_LIMIT_PER_1000_ROWS[fmt] seconds per thousand rows (several times the measured
    cost, see bench/README.md), never below CELERY_TASK_TIME_LIMIT."""
    base = int(getattr(settings, "EXPORT_TIME_LIMIT_BASE", 120))
    per_1000 = dict(
        DEFAULT_PER_1000_ROWS, **getattr(settings, "EXPORT_TIME_LIMIT_PER_1000_ROWS", {})
    )
    scaled = base + int(float(per_1000[fmt]) * rows / 1000)
    scaled = -(-scaled // 300) * 300  # whole 5 minutes: the same export dedupes while it runs
    return max(scaled, int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 600)))


def export_start(*, user: Any, fmt: str, query: str) -> Job:
    """Start (or join, if the same one is still running) the export job for `user`, with a
    time limit scaled to the archive's size (an upper bound of the filtered rows)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return job_start(
        kind=EXPORT_KIND,
        params={"fmt": fmt, "query": query},
        user=user,
        dedupe=True,
        time_limit=export_time_limit(fmt, archive_rows()),
    )


def may_download_export(user: Any, job: Job) -> bool:
    """Only who asked for the export, and only while they may still read activity rows."""
    return user.is_authenticated and job.created_by_id == user.pk and rules.can_read_rows(user)


register_file_access(EXPORT_KIND, may_download_export)


def _sha256(path: Any) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@register_handler(EXPORT_KIND, label=gettext_lazy("Esportazione di attività"))
def run_export(ctx: JobContext) -> None:
    user = ctx.user
    fmt = str(ctx.params.get("fmt", ""))
    if fmt not in FORMATS:
        raise JobError(gettext_lazy("Formato di esportazione non valido."))
    if user is None or not user.is_active or not rules.can_read_rows(user):
        raise JobError(gettext_lazy("Non hai più il permesso di esportare queste attività."))
    _form, f = activity_filters(user, QueryDict(str(ctx.params.get("query", ""))))
    qs = selectors.activities_filtered_for(user, f)
    ctx.progress(1, _("Conteggio delle righe"))
    total = max(qs.order_by().count(), 1)

    every = max(PROGRESS_EVERY, total // 100)

    def on_row(n: int) -> None:
        if n % every == 0:
            ctx.progress(
                2 + 95 * n / total,
                _("Riga %(n)s di %(total)s") % {"n": n, "total": total},
            )

    write = exports.write_xlsx if fmt == "xlsx" else exports.write_csv
    name = f"attivita-{timezone.localdate().isoformat()}.{fmt}"
    with ctx.writing_path(name) as tmp:
        with open(tmp, "wb") as handle:
            rows = write(qs, handle, on_row=on_row)
        sha256, size = _sha256(tmp)
    ctx.result = {"rows": rows, "sha256": sha256, "size": size, "format": fmt}
