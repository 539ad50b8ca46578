"""The heartbeat of a running job: a thread that stamps `heartbeat_at` every few seconds.

A handler spends long stretches inside one call (WeasyPrint lays out the whole document in one
`write_pdf`), so progress callbacks alone cannot prove the run is alive. While `job_run` runs a
handler, this thread updates the row every JOBS_HEARTBEAT_SECONDS through its own database
connection, conditionally on the row still belonging to this run (status running, same attempt).
When the process dies (SIGKILL, out of memory, a hard time limit), the beats stop; the sweep
(`jobs_requeue_stale`, every 15 s in beat) requeues a job whose last beat is older than
JOBS_STALE_AFTER_SECONDS.

If the thread finds the row taken over by another run (or finished by someone else), it raises
a flag that the handler's next progress call turns into JobSuperseded.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from .models import Job, JobStatus

logger = logging.getLogger(__name__)


def heartbeat_interval() -> float:
    return float(getattr(settings, "JOBS_HEARTBEAT_SECONDS", 5))


class Heartbeat:
    """Context manager: `with Heartbeat(job_id, attempt) as beat: handler(ctx)`."""

    def __init__(self, job_id: int, attempt: int, interval: float | None = None) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.interval = heartbeat_interval() if interval is None else interval
        self.superseded = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"job-heartbeat-{job_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        if self.interval > 0:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=max(5.0, self.interval))

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                if not self.beat():
                    self.superseded.set()
                    return
        finally:
            # Django's connections are per thread: close the ones this thread opened.
            connections.close_all()

    def beat(self) -> bool:
        """Stamp the row. False only when the row visibly belongs to another run now."""
        mine = Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING, attempts=self.attempt)
        try:
            if mine.update(heartbeat_at=timezone.now()):
                return True
            # Zero rows: either taken over, or not visible from this connection (the row was
            # created in a transaction still open, as in a test): only the former stops the run.
            row = Job.objects.filter(pk=self.job_id).values("status", "attempts").first()
        except DatabaseError:
            # A busy SQLite file or a blip of the database: the next beat tries again.
            logger.warning("Heartbeat of job %s not written", self.job_id, exc_info=True)
            return True
        if row is None:
            return True
        return row["status"] == JobStatus.RUNNING and row["attempts"] == self.attempt
