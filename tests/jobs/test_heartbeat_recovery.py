"""Crash recovery (issue 12, point 5): heartbeats while a handler works, the sweep that
requeues a silent job after JOBS_STALE_AFTER_SECONDS, and the staff restart of a stuck job."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.recovery import job_restart
from citta_del_noi.jobs.registry import register_handler, unregister_handler
from citta_del_noi.jobs.services import JobContext, job_run, job_start, jobs_requeue_stale


@pytest.fixture
def silent_handler():
    """A handler that works for a while without reporting progress (like WeasyPrint's layout)
    and reports what another look at the row showed meanwhile."""

    @register_handler("tests.silent", label="Lavoro silenzioso")
    def silent(ctx: JobContext) -> None:
        started = Job.objects.get(pk=ctx.job.pk).heartbeat_at
        time.sleep(float(ctx.params.get("seconds", 1)))
        beat = Job.objects.get(pk=ctx.job.pk).heartbeat_at
        assert beat is not None and started is not None
        ctx.result = {"beat_while_silent": beat > started}

    yield
    unregister_handler("tests.silent")


@pytest.mark.django_db(transaction=True)
def test_heartbeat_is_written_while_the_handler_is_silent(world, settings, silent_handler):
    settings.JOBS_HEARTBEAT_SECONDS = 0.2
    job = Job.objects.create(kind="tests.silent", params={"seconds": 1}, params_hash="h")
    assert job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.result == {"beat_while_silent": True}


@pytest.mark.django_db(transaction=True)
def test_a_run_taken_over_during_a_silent_step_stops_quietly(world, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 0.1

    @register_handler("tests.taken_over", label="Lavoro ripreso da altri")
    def taken_over(ctx: JobContext) -> None:
        # Another delivery reclaims the row (attempt 2) while this run is in a long step.
        Job.objects.filter(pk=ctx.job.pk).update(attempts=ctx.attempt + 1)
        time.sleep(0.6)
        ctx.save_file("mai.txt", "mai pubblicato")

    try:
        job = Job.objects.create(kind="tests.taken_over", params={}, params_hash="t")
        assert job_run(job_id=job.pk) == "superseded"
        job.refresh_from_db()
        assert (job.status, job.attempts, job.result_file.name) == (JobStatus.RUNNING, 2, "")
    finally:
        unregister_handler("tests.taken_over")


def _running(user, *, attempts: int, silent_for: int, params: dict | None = None) -> Job:
    job = Job.objects.create(
        kind="tests.report", params=params or {}, params_hash="s", created_by=user
    )
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(seconds=silent_for),
    )
    return job


@pytest.mark.django_db
def test_sweep_requeues_a_job_silent_for_30_seconds_and_fails_one_out_of_attempts(world, caplog):
    user = world.users["partner_a"]
    dead = _running(user, attempts=1, silent_for=31, params={"rows": 1})
    alive = _running(user, attempts=1, silent_for=3, params={"rows": 2})
    dying = _running(user, attempts=1, silent_for=20, params={"rows": 5})
    hopeless = _running(user, attempts=3, silent_for=31, params={"rows": 3})
    assert jobs_requeue_stale() == 1  # eager: the requeued job runs now
    for job in (dead, alive, dying, hopeless):
        job.refresh_from_db()
    assert (dead.status, dead.attempts) == (JobStatus.DONE, 2)
    assert (alive.status, alive.attempts) == (JobStatus.RUNNING, 1)
    # Silent for 20 s: sent for the moment it turns stale (eager runs it at once: too early,
    # so that delivery does nothing and the job stays with its run).
    assert (dying.status, dying.attempts) == (JobStatus.RUNNING, 1)
    assert f"Job {dying.pk} silent: its delivery is sent for 10." in caplog.text
    assert hopeless.status == JobStatus.FAILED
    assert "interrotta troppe volte" in hopeless.error
    assert mail.outbox and mail.outbox[-1].to == [user.email]


@pytest.mark.django_db
def test_staff_restart_a_stuck_job_others_cannot(world, django_capture_on_commit_callbacks):
    partner, staff = world.users["partner_a"], world.users["staff"]
    stuck = _running(partner, attempts=1, silent_for=120, params={"rows": 4})
    with pytest.raises(PermissionDenied):
        job_restart(job=stuck, by=partner)
    with django_capture_on_commit_callbacks(execute=True):
        again = job_restart(job=stuck, by=staff)
    stuck.refresh_from_db()
    again.refresh_from_db()
    assert stuck.status == JobStatus.FAILED and "riavviato da" in stuck.error
    assert (again.status, again.attempts, again.created_by) == (JobStatus.DONE, 1, partner)
    assert again.params == {"rows": 4}
    live = _running(partner, attempts=1, silent_for=2)
    with pytest.raises(ValidationError):
        job_restart(job=live, by=staff)
    live.refresh_from_db()
    assert live.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_job_page_offers_the_restart_to_staff_only(world, django_capture_on_commit_callbacks):
    partner, staff = world.users["partner_a"], world.users["staff"]
    stuck = _running(partner, attempts=1, silent_for=120)
    url = reverse("jobs:detail", kwargs={"pk": stuck.pk})
    restart = reverse("jobs:restart", kwargs={"pk": stuck.pk})
    as_partner, as_staff = Client(), Client()
    as_partner.force_login(partner)
    as_staff.force_login(staff)
    page = as_partner.get(url).content.decode()
    assert "sembra bloccato" in page and restart not in page
    assert as_partner.post(restart).status_code == 403
    page = as_staff.get(url).content.decode()
    assert "sembra bloccato" in page and restart in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff.post(restart)
    new = Job.objects.get(kind="tests.report", pk__gt=stuck.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": new.pk})
    assert new.status == JobStatus.DONE


@pytest.mark.django_db
def test_a_fresh_job_is_not_stuck(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(kind="tests.report", params={}, user=world.users["partner_a"])
    assert not job.is_stuck
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    job.refresh_from_db()
    assert job.is_stuck
