"""The stale-job sweep is set-based: its queries do not grow with the number of stale jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citta_del_noi.jobs import services
from citta_del_noi.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _jobs(user, n: int, *, status: str, attempts: int = 1, silent_for: int = 0) -> list[int]:
    now = timezone.now()
    made = Job.objects.bulk_create(
        Job(kind="tests.report", params={"rows": i}, params_hash=f"q{i}", created_by=user)
        for i in range(n)
    )
    ids = [job.pk for job in made]
    Job.objects.filter(pk__in=ids).update(
        status=status,
        attempts=attempts,
        created_at=now - timedelta(minutes=10),
        heartbeat_at=now - timedelta(seconds=silent_for) if status == JobStatus.RUNNING else None,
    )
    return ids


def _sweep_queries(world, monkeypatch, n: int) -> tuple[int, list[int]]:
    sent: list[int] = []
    monkeypatch.setattr(
        services, "enqueue_with_options", lambda _t, args, **_o: sent.append(args[0])
    )
    user = world.users["partner_a"]
    Job.objects.all().delete()
    _jobs(user, n, status=JobStatus.QUEUED)
    _jobs(user, n, status=JobStatus.RUNNING, silent_for=31)  # dead
    _jobs(user, n, status=JobStatus.RUNNING, silent_for=20)  # about to turn stale
    hopeless = _jobs(user, n, status=JobStatus.RUNNING, attempts=3, silent_for=31)
    with CaptureQueriesContext(connection) as queries:
        assert services.jobs_requeue_stale() == 2 * n
    assert len(sent) == 3 * n
    assert set(Job.objects.filter(pk__in=hopeless).values_list("status", flat=True)) == {
        JobStatus.FAILED
    }
    return len(queries), hopeless


def test_sweep_queries_do_not_grow_with_the_stale_jobs(world, monkeypatch) -> None:
    few, _hopeless = _sweep_queries(world, monkeypatch, 2)
    mail.outbox.clear()
    many, _hopeless = _sweep_queries(world, monkeypatch, 25)
    assert many == few
    assert many <= 8
    assert len(mail.outbox) == 25  # each creator still hears about the failed job
