"""Long work: start a job, run it exactly once, report progress, store its file.

    job = job_start(kind="cantieri.import", params={...}, user=request.user, dedupe=True)

The row is created in the caller's transaction and the Celery task is sent on commit. The task
(`jobs.run_job`) claims the row with a conditional UPDATE, so a duplicate delivery does nothing;
a run whose heartbeat is older than JOBS_STALE_AFTER_SECONDS (its worker died: see heartbeat.py)
is requeued by the sweep and reclaimed by the next delivery, at most JOBS_MAX_ATTEMPTS times.
Progress is committed at once (see JobContext.progress); the result file is written under a
temporary name and renamed; the row becomes "done" in the same transaction that stores the
file's name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts.roles import is_comune_staff
from citta_del_noi.common.storage import delete_prefix, publishing_path

from .heartbeat import Heartbeat
from .models import ACTIVE_STATUSES, Job, JobStatus, stale_after
from .queue import enqueue_with_options
from .registry import get_handler, handler_label, register_handler

__all__ = [
    "JobContext",
    "JobError",
    "JobSuperseded",
    "job_start",
    "job_run",
    "jobs_purge_old",
    "jobs_requeue_stale",
    "params_hash_for",
    "register_handler",
]

logger = logging.getLogger(__name__)

JOBS_DIR = "jobs"
PROGRESS_INTERVAL = 0.5  # seconds between two progress writes within the same step
GENERIC_ERROR = _(
    "Si è verificato un errore imprevisto durante l'elaborazione. Il problema è stato "
    "registrato: riprova più tardi o contatta l'assistenza."
)
TIMEOUT_ERROR = _("L'elaborazione ha superato il tempo massimo consentito ed è stata interrotta.")
ATTEMPTS_ERROR = _(
    "L'elaborazione è stata interrotta troppe volte (per esempio per il riavvio del server) "
    "ed è stata annullata. Riprova più tardi."
)
UNKNOWN_KIND_ERROR = _("Questo tipo di lavoro non è più disponibile.")


def sweep_interval() -> int:
    """Seconds between two runs of the sweep (jobs.requeue_stale in the beat schedule)."""
    return int(getattr(settings, "JOBS_SWEEP_SECONDS", 15))


def max_attempts() -> int:
    return int(getattr(settings, "JOBS_MAX_ATTEMPTS", 3))


class JobError(Exception):
    """Raise from a handler with a message for the user (Italian, translatable)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class JobSuperseded(Exception):
    """The row no longer belongs to this run (reclaimed by a later delivery): stop quietly."""


def _canonical(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def params_hash_for(
    *, kind: str, params: dict[str, Any], target: models.Model | None = None
) -> str:
    """sha256 of the kind, the canonical JSON of the parameters and the target (if any)."""
    target_key = None
    if target is not None:
        target_key = [target._meta.label_lower, str(target.pk)]
    payload = json.dumps(
        {"kind": kind, "params": params, "target": target_key},
        cls=DjangoJSONEncoder,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def queue_for(kind: str) -> str:
    """The Celery queue of a job kind (JOBS_QUEUES; default: the default queue)."""
    queues: dict[str, str] = getattr(settings, "JOBS_QUEUES", {}) or {}
    return queues.get(kind) or str(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))


def _enqueue(
    job_id: int,
    kind: str | None = None,
    time_limit: int | None = None,
    countdown: float | None = None,
) -> None:
    """Send the job to its kind's queue; `time_limit` (seconds) overrides CELERY_TASK_TIME_LIMIT
    for work that scales with its input (imports), the soft limit a tenth earlier; `countdown`
    delays the delivery (a job about to turn stale)."""
    if kind is None:  # a re-send (jobs_requeue_stale): the kind decides the queue
        kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first() or ""
    options: dict[str, Any] = {"queue": queue_for(kind)}
    if time_limit:
        options.update(time_limit=time_limit, soft_time_limit=max(time_limit * 9 // 10, 1))
    if countdown is not None:
        options["countdown"] = countdown
    enqueue_with_options("jobs.run_job", (job_id,), **options)


def job_start(
    *,
    kind: str,
    params: dict[str, Any] | None = None,
    user: Any = None,
    target: models.Model | None = None,
    dedupe: bool = False,
    time_limit: int | None = None,
) -> Job:
    """Create the job row in the current transaction and enqueue it when that commits.

    `time_limit` (seconds): this job's own hard time limit, kept in params["time_limit"] so a
    requeue after a worker's death gets it too.

    With dedupe=True an identical job (same kind, parameters and target) that is still queued or
    running is returned instead of a new one. Comune staff share such jobs; other users only
    share their own (they could not see someone else's job page).
    """
    if get_handler(kind) is None:
        raise ValueError(f"No job handler registered for {kind!r}")
    params = _canonical(params or {})
    if time_limit:
        params["time_limit"] = int(time_limit)
    phash = params_hash_for(kind=kind, params=params, target=target)
    owner = user if user is not None and user.is_authenticated else None
    fields: dict[str, Any] = {
        "kind": kind,
        "params": params,
        "params_hash": phash,
        "created_by": owner,
    }
    if target is not None:
        fields["target_ct"] = ContentType.objects.get_for_model(target)
        fields["target_id"] = str(target.pk)

    if dedupe:
        scope = "" if owner is None or is_comune_staff(owner) else f"user:{owner.pk}"
        key = hashlib.sha256(f"{phash}|{scope}".encode()).hexdigest()
        active = Job.objects.filter(dedupe_key=key, status__in=ACTIVE_STATUSES).order_by("pk")
        existing = active.first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(dedupe_key=key, **fields)
        except IntegrityError:
            # Another request created it between our read and our insert.
            existing = active.first()
            if existing is None:
                raise
            return existing
    else:
        job = Job.objects.create(**fields)

    job_id = job.pk

    def enqueue_job() -> None:
        _enqueue(job_id, kind, time_limit)

    transaction.on_commit(enqueue_job, robust=True)
    return job


# --- running -----------------------------------------------------------------------------


class JobContext:
    """What a handler gets: the parameters, progress reporting, the result file and data."""

    def __init__(self, job: Job, attempt: int) -> None:
        self.job = job
        self.attempt = attempt
        self.params: dict[str, Any] = job.params or {}
        self.user = job.created_by
        self.result: Any = None
        self._notify = False
        self._file_name = ""
        self._last_write = float("-inf")
        self._heartbeat: Heartbeat | None = None

    @property
    def target(self) -> Any:
        return self.job.target

    @property
    def notify(self) -> bool:
        return self._notify

    @notify.setter
    def notify(self, value: bool) -> None:
        self._notify = bool(value)

    # progress ---------------------------------------------------------------------------
    def progress(self, percent: float, step: Any = "") -> None:
        """Record progress (0-100) and a step label, committed at once so the page sees it.

        Inside a handler's own transaction on PostgreSQL the update goes through a separate
        short-lived connection; on SQLite (one writer at a time) it joins the current
        transaction. Calls are cheap to repeat: within the same step, writes happen at most
        every PROGRESS_INTERVAL seconds. Raises JobSuperseded if the job was reclaimed.
        """
        value = max(0, min(100, int(percent)))
        label = str(step)[:200]
        now = time.monotonic()
        same_step = label == self.job.step
        if same_step and now - self._last_write < PROGRESS_INTERVAL:
            return
        self._write(value, label, now)

    def heartbeat(self) -> None:
        """Tell the sweeper this run is alive during a long step without progress to report."""
        self._write(self.job.progress, self.job.step, time.monotonic())

    def _write(self, value: int, label: str, now: float) -> None:
        if self._heartbeat is not None and self._heartbeat.superseded.is_set():
            raise JobSuperseded(self.job.pk)
        if self._write_progress(value, label) == 0:
            raise JobSuperseded(self.job.pk)
        self.job.progress, self.job.step = value, label
        self._last_write = now

    def _write_progress(self, value: int, label: str) -> int:
        now = timezone.now()
        if connection.in_atomic_block and connection.vendor == "postgresql":
            side = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                with side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {Job._meta.db_table} SET progress = %s, step = %s, "  # noqa: S608
                        "heartbeat_at = %s WHERE id = %s AND status = %s AND attempts = %s",
                        [value, label, now, self.job.pk, JobStatus.RUNNING, self.attempt],
                    )
                    updated = cursor.rowcount
            finally:
                side.close()
            if updated:
                return updated
            # Not visible from another connection (e.g. inside a test's transaction).
        return Job.objects.filter(
            pk=self.job.pk, status=JobStatus.RUNNING, attempts=self.attempt
        ).update(progress=value, step=label, heartbeat_at=now)

    # files ------------------------------------------------------------------------------
    def _final_name(self, name: str) -> str:
        safe = get_valid_filename(os.path.basename(name)) or "risultato"
        # One folder per attempt: a run that was given up can never overwrite a later one's file.
        return f"{JOBS_DIR}/{self.job.pk}/{self.attempt}/{safe}"

    @contextlib.contextmanager
    def writing_path(self, name: str) -> Iterator[Path]:
        """Yield a local temporary path to write the result to (e.g. WeasyPrint's
        write_pdf(target)). On success it is published whole under its final name in the
        file storage (renamed on the filesystem, uploaded to object storage); on error it is
        removed and nothing is published (citta_del_noi/common/storage.py)."""
        final_name = self._final_name(name)
        with publishing_path(final_name) as tmp:
            yield tmp
        self._file_name = final_name

    @contextlib.contextmanager
    def open_file(self, name: str, mode: str = "wb") -> Iterator[IO[Any]]:
        """Open the result file for writing (streamed); published whole when closed."""
        with self.writing_path(name) as tmp, open(tmp, mode) as handle:  # noqa: SIM117
            yield handle

    def save_file(self, name: str, content: bytes | str) -> str:
        """Store the job's result file; returns its storage name (jobs/<pk>/<attempt>/<name>)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        with self.open_file(name, "wb") as handle:
            handle.write(data)
        return self._file_name


def _claimable(now: Any) -> Q:
    """Queued, or running with a heartbeat so old that its run is dead.

    A live run beats every few seconds (heartbeat.py), so a late or duplicate delivery, even
    one the broker marks as redelivered, never takes a job away from a live run."""
    return Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after()
    )


def job_run(*, job_id: int) -> str:
    """Run job `job_id` if this delivery can claim it. Returns what happened (for logs):
    done, failed, superseded, skipped, or busy (running elsewhere with a fresh heartbeat)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _job_run(job_id)


def _job_run(job_id: int) -> str:
    now = timezone.now()
    claim = _claimable(now)
    claimed = Job.objects.filter(claim, pk=job_id, attempts__lt=max_attempts()).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        step="",
        error="",
    )
    if not claimed:
        exhausted = Job.objects.filter(claim, pk=job_id, attempts__gte=max_attempts()).update(
            status=JobStatus.FAILED, error=str(ATTEMPTS_ERROR), finished_at=now, heartbeat_at=now
        )
        if exhausted:
            logger.error("Job %s failed: too many attempts", job_id)
            job = Job.objects.select_related("created_by").get(pk=job_id)
            _notify(job)
            return "failed"
        if Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
            logger.info("Job %s is running with a fresh heartbeat: delivery not claimed", job_id)
            return "busy"
        logger.info("Job %s not claimed (already finished): delivery ignored", job_id)
        return "skipped"

    job = Job.objects.select_related("created_by").get(pk=job_id)
    ctx = JobContext(job, attempt=job.attempts)
    handler = get_handler(job.kind)
    try:
        if handler is None:
            raise JobError(UNKNOWN_KIND_ERROR)
        with Heartbeat(job.pk, ctx.attempt) as beat:
            ctx._heartbeat = beat
            handler(ctx)
        if beat.superseded.is_set():
            raise JobSuperseded(job.pk)
    except JobSuperseded:
        logger.warning("Job %s was reclaimed by another run; this run stops", job_id)
        return "superseded"
    except JobError as exc:
        return _finish_failed(ctx, str(exc.message))
    except ValidationError as exc:
        return _finish_failed(ctx, " ".join(str(m) for m in exc.messages))
    except Exception as exc:
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            logger.error("Job %s (%s) exceeded its time limit", job_id, job.kind)
            return _finish_failed(ctx, str(TIMEOUT_ERROR))
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        return _finish_failed(ctx, str(GENERIC_ERROR))
    return _finish_done(ctx)


def _finish_done(ctx: JobContext) -> str:
    now = timezone.now()
    with transaction.atomic():
        updated = Job.objects.filter(
            pk=ctx.job.pk, status=JobStatus.RUNNING, attempts=ctx.attempt
        ).update(
            status=JobStatus.DONE,
            progress=100,
            result=_canonical(ctx.result),
            result_file=ctx._file_name,
            finished_at=now,
            heartbeat_at=now,
        )
    if not updated:
        logger.warning("Job %s was reclaimed before it finished; result discarded", ctx.job.pk)
        return "superseded"
    ctx.job.refresh_from_db()
    if ctx.notify:
        _notify(ctx.job)
    return "done"


def _finish_failed(ctx: JobContext, message: str) -> str:
    now = timezone.now()
    updated = Job.objects.filter(
        pk=ctx.job.pk, status=JobStatus.RUNNING, attempts=ctx.attempt
    ).update(status=JobStatus.FAILED, error=message[:2000], finished_at=now, heartbeat_at=now)
    if not updated:
        return "superseded"
    ctx.job.refresh_from_db()
    if ctx.notify:
        _notify(ctx.job)
    return "failed"


def _notify(job: Job) -> None:
    """Email the job's creator that it is finished (done or failed), with a link to its page."""
    user = job.created_by
    if user is None or not user.email:
        return
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("jobs:detail", kwargs={"pk": job.pk})
    label = str(handler_label(job.kind))
    if job.status == JobStatus.DONE:
        subject = gettext("Lavoro completato: %(label)s") % {"label": label}
        body = gettext(
            "Il lavoro «%(label)s» che hai avviato è stato completato.\n\n"
            "Puoi vedere il risultato a questo indirizzo:\n%(link)s\n"
        ) % {"label": label, "link": link}
    else:
        subject = gettext("Lavoro non riuscito: %(label)s") % {"label": label}
        body = gettext(
            "Il lavoro «%(label)s» che hai avviato non è riuscito.\n\n"
            "Motivo: %(error)s\n\nDettagli a questo indirizzo:\n%(link)s\n"
        ) % {"label": label, "error": job.error, "link": link}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the job's outcome must not depend on the mail server
        logger.exception("Could not email the creator of job %s", job.pk)


def jobs_purge_old(*, days: int | None = None, limit: int = 500) -> int:
    """Delete finished jobs older than JOBS_KEEP_DAYS, with their result files."""
    keep = days if days is not None else int(getattr(settings, "JOBS_KEEP_DAYS", 90))
    cutoff = timezone.now() - timedelta(days=keep)
    old = list(
        Job.objects.filter(
            status__in=(JobStatus.DONE, JobStatus.FAILED), finished_at__lt=cutoff
        ).order_by("pk")[:limit]
    )
    for job in old:
        if job.result_file:
            job.result_file.delete(save=False)
        delete_prefix(f"{JOBS_DIR}/{job.pk}")
    Job.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


def jobs_requeue_stale(*, older_than: timedelta | None = None, limit: int = 100) -> int:
    """Send again jobs left queued (broker down at enqueue time) or running with a dead worker
    (heartbeat older than JOBS_STALE_AFTER_SECONDS); a dead job that used up its attempts is
    marked failed with a clear message instead. Runs every 15 s in beat.

    The claim in job_run makes a duplicate harmless. Returns how many were sent."""
    now = timezone.now()
    waited = now - (older_than or timedelta(minutes=5))
    dead = Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after())
    _fail_exhausted(dead, now, limit)
    ids = list(
        Job.objects.filter(Q(status=JobStatus.QUEUED, created_at__lt=waited) | dead)
        .order_by("pk")
        .values_list("pk", "kind", "params")[:limit]
    )
    for job_id, kind, params in ids:
        logger.warning("Job %s requeued by the sweep (queued too long or worker dead)", job_id)
        _enqueue(job_id, kind, (params or {}).get("time_limit"))
    # Silent, but not for long enough yet: a live run beats every few seconds, so these are
    # almost surely dead. Send them for the moment they turn stale rather than waiting for the
    # next sweep (up to JOBS_SWEEP_SECONDS later); the claim still decides then.
    soon = now - stale_after() + timedelta(seconds=sweep_interval())
    dying = Job.objects.filter(
        status=JobStatus.RUNNING,
        heartbeat_at__lt=soon,
        heartbeat_at__gte=now - stale_after(),
    ).values_list("pk", "kind", "heartbeat_at", "params")[:limit]
    for job_id, kind, beat, params in dying:
        if beat is None:  # excluded by the filter; for the type checker
            continue
        wait = (beat + stale_after() - now).total_seconds() + 0.5
        logger.warning("Job %s silent: its delivery is sent for %.1fs from now", job_id, wait)
        _enqueue(job_id, kind, (params or {}).get("time_limit"), countdown=wait)
    return len(ids)


def _fail_exhausted(dead: Q, now: datetime, limit: int) -> None:
    """Mark failed, in one UPDATE, the dead jobs that used up their attempts, and email their
    creators. The rows are locked first (skipping any a worker holds), so a job that finishes
    meanwhile is not marked failed; the queries do not grow with the number of jobs."""
    with transaction.atomic():
        jobs = list(
            Job.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(dead, attempts__gte=max_attempts())
            .select_related("created_by")
            .order_by("pk")[:limit]
        )
        if not jobs:
            return
        fields = {
            "status": JobStatus.FAILED,
            "error": str(ATTEMPTS_ERROR),
            "finished_at": now,
            "heartbeat_at": now,
        }
        Job.objects.filter(pk__in=[job.pk for job in jobs]).update(**fields)
    for job in jobs:
        for name, value in fields.items():
            setattr(job, name, value)
        logger.error("Job %s failed: its worker died %s times", job.pk, max_attempts())
        _notify(job)
