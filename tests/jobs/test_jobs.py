"""The job mechanism: start, run once, progress, file, dedupe, failures, pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import JobContext, job_run, job_start, params_hash_for
from citta_del_noi.jobs.tasks import run_job
from tests.jobs import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_calls():
    handlers.CALLS.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_job_start_runs_on_commit_and_stores_the_file(world, django_capture_on_commit_callbacks):
    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_start(kind="tests.report", params={"rows": 4}, user=user)
        # Nothing runs before the transaction commits.
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.attempts == 1
    assert job.result == {"rows": 4}
    assert job.result_file.name == f"jobs/{job.pk}/1/rapporto.csv"
    path = Path(settings.MEDIA_ROOT) / job.result_file.name
    assert path.read_text(encoding="utf-8") == "riga;0\nriga;1\nriga;2\nriga;3\n"
    # No temporary file is left behind.
    assert [p.name for p in path.parent.iterdir()] == ["rapporto.csv"]
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at

    response = _client(user).get(reverse("jobs:file", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == path.read_bytes()  # type: ignore[attr-defined]
    assert "rapporto.csv" in response["Content-Disposition"]


def test_job_not_enqueued_when_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    before = Job.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                job_start(kind="tests.report", params={}, user=world.users["partner_a"])
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Job.objects.count() == before


def test_dedupe_returns_the_active_job(world, django_capture_on_commit_callbacks):
    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = job_start(
            kind="tests.report", params={"rows": 1, "x": [1, 2]}, user=user, dedupe=True
        )
        # Same parameters in another key order: the same job.
        again = job_start(
            kind="tests.report", params={"x": [1, 2], "rows": 1}, user=user, dedupe=True
        )
        other = job_start(kind="tests.report", params={"rows": 2}, user=user, dedupe=True)
        # Another partner never gets a job they could not see.
        foreign = job_start(
            kind="tests.report",
            params={"rows": 1, "x": [1, 2]},
            user=world.users["partner_b"],
            dedupe=True,
        )
    assert again.pk == first.pk
    assert other.pk != first.pk
    assert foreign.pk != first.pk
    assert len(callbacks) == 3  # the deduplicated call enqueues nothing
    # Once the job is finished, the same request starts a new one.
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = job_start(
            kind="tests.report", params={"rows": 1, "x": [1, 2]}, user=user, dedupe=True
        )
    assert fresh.pk != first.pk


def test_staff_share_deduplicated_jobs(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        one = job_start(
            kind="tests.report", params={"rows": 5}, user=world.users["staff"], dedupe=True
        )
        two = job_start(
            kind="tests.report", params={"rows": 5}, user=world.users["admin"], dedupe=True
        )
    assert one.pk == two.pk


def test_without_dedupe_identical_jobs_are_separate(world, django_capture_on_commit_callbacks):
    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=False):
        one = job_start(kind="tests.report", params={"rows": 5}, user=user)
        two = job_start(kind="tests.report", params={"rows": 5}, user=user)
    assert one.pk != two.pk
    assert (
        one.params_hash
        == two.params_hash
        == params_hash_for(kind="tests.report", params={"rows": 5})
    )


def test_duplicate_delivery_after_done_does_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.report", params={"rows": 2}, user=world.users["partner_a"])
    job.refresh_from_db()
    finished_at = job.finished_at
    calls = handlers.CALLS.count(job.pk)
    assert run_job.apply(args=[job.pk]).get() == "skipped"
    # Not even a redelivery (the task calls the same job_run) runs a finished job again.
    assert job_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert handlers.CALLS.count(job.pk) == calls == 1
    assert job.attempts == 1
    assert job.status == JobStatus.DONE
    assert job.finished_at == finished_at


def test_duplicate_delivery_while_running_does_nothing(world):
    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    from django.utils import timezone

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    # A live run (fresh heartbeat) keeps its job, even against a broker redelivery.
    assert job_run(job_id=job.pk) == "busy"
    assert job.pk not in handlers.CALLS
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_redelivery_after_worker_death_reclaims_then_gives_up(world):
    """A running row whose worker died (heartbeat older than 30 s) is reclaimed; after 3
    attempts the job fails."""
    from datetime import timedelta

    from django.utils import timezone

    dead = timezone.now() - timedelta(seconds=31)
    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, heartbeat_at=dead)
    assert job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)

    loop = Job.objects.create(kind="tests.report", params={}, params_hash="y", created_by=user)
    Job.objects.filter(pk=loop.pk).update(status=JobStatus.RUNNING, attempts=3, heartbeat_at=dead)
    assert job_run(job_id=loop.pk) == "failed"
    loop.refresh_from_db()
    assert loop.status == JobStatus.FAILED
    assert "troppe volte" in loop.error
    assert loop.pk not in handlers.CALLS
    assert mail.outbox and mail.outbox[-1].to == [user.email]


def test_stale_running_job_is_reclaimed(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.JOBS_STALE_AFTER_SECONDS = 60
    job = Job.objects.create(
        kind="tests.report", params={}, params_hash="x", created_by=world.users["partner_a"]
    )
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(minutes=2)
    )
    assert job_run(job_id=job.pk) == "done"


def test_unexpected_failure_stores_a_clear_error_and_emails(
    world, django_capture_on_commit_callbacks, caplog
):
    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.broken", params={}, user=user)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "errore imprevisto" in job.error
    assert "secret" not in job.error and "Traceback" not in job.error
    assert "secret internal detail" in caplog.text  # logged for the technicians
    assert job.progress == 30
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "non è riuscito" in message.body
    assert reverse("jobs:detail", kwargs={"pk": job.pk}) in message.body

    page = _client(user).get(reverse("jobs:status", kwargs={"pk": job.pk}))
    body = page.content.decode()
    assert "errore imprevisto" in body
    assert "hx-trigger" not in body  # a final state stops polling
    assert "secret" not in body


def test_user_error_message_is_shown(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.broken", params={"user_error": True}, user=world.users["staff"])
    job.refresh_from_db()
    assert job.error == "Il file non contiene la colonna «titolo»."


def test_done_job_emails_when_asked(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        quiet = job_start(kind="tests.report", params={}, user=world.users["partner_a"])
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.report", params={"notify": True}, user=world.users["partner_a"])
    assert quiet.pk != job.pk
    assert len(mail.outbox) == 1
    assert "completato" in mail.outbox[0].body
    assert f"/lavori/{job.pk}/" in mail.outbox[0].body


def test_progress_is_visible_while_running(world):
    """ctx.progress writes the row at once; the status fragment polls while running."""
    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    job.refresh_from_db()
    ctx = JobContext(job, attempt=1)
    ctx.progress(42, "Controllo delle righe")
    response = _client(user).get(reverse("jobs:status", kwargs={"pk": job.pk}))
    body = response.content.decode()
    assert 'aria-valuenow="42"' in body
    assert "Controllo delle righe" in body
    assert 'hx-trigger="every 1s"' in body
    # Without JavaScript: a plain link refreshes the state.
    assert f'href="/lavori/{job.pk}/"' in body


def test_unknown_kind_is_rejected(world):
    with pytest.raises(ValueError):
        job_start(kind="nessuno.sa", params={}, user=world.users["staff"])


def test_job_page_shows_progress_and_download(world, django_capture_on_commit_callbacks):
    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.report", params={}, user=user)
    body = _client(user).get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert "Rapporto di prova" in body
    assert reverse("jobs:file", kwargs={"pk": job.pk}) in body
    assert body.count("<h1") == 1


def test_status_view_query_bound(world, django_assert_num_queries):
    client = _client(world.users["staff"])
    url = reverse("jobs:status", kwargs={"pk": world.job_a.pk})
    client.get(url)
    with django_assert_num_queries(5) as captured:
        response = client.get(url)
    assert response.status_code == 200, [q["sql"] for q in captured.captured_queries]


def test_file_of_unfinished_job_is_404(world):
    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    assert _client(user).get(reverse("jobs:file", kwargs={"pk": job.pk})).status_code == 404


def test_one_active_job_per_dedupe_key_is_enforced_by_the_database(world):
    from django.db import IntegrityError

    user = world.users["partner_a"]
    fields = {"kind": "tests.report", "params_hash": "h", "created_by": user, "dedupe_key": "k"}
    Job.objects.create(status=JobStatus.DONE, **fields)
    Job.objects.create(status=JobStatus.FAILED, **fields)
    Job.objects.create(status=JobStatus.QUEUED, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(status=JobStatus.RUNNING, **fields)
    # Jobs started without dedupe have no key and never conflict.
    Job.objects.create(kind="tests.report", params_hash="h", created_by=user)
    Job.objects.create(kind="tests.report", params_hash="h", created_by=user)


def test_target_is_part_of_the_identity(world, django_capture_on_commit_callbacks):
    user = world.users["staff"]
    with django_capture_on_commit_callbacks(execute=False):
        for_a = job_start(
            kind="tests.report", params={}, user=user, target=world.org_a, dedupe=True
        )
        for_b = job_start(
            kind="tests.report", params={}, user=user, target=world.org_b, dedupe=True
        )
        again = job_start(
            kind="tests.report", params={}, user=user, target=world.org_a, dedupe=True
        )
    assert for_a.pk != for_b.pk and again.pk == for_a.pk
    assert Job.objects.get(pk=for_a.pk).target == world.org_a


def test_requeue_stale_sends_stuck_jobs_again(world, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from citta_del_noi.jobs.services import jobs_requeue_stale

    user = world.users["partner_a"]
    with django_capture_on_commit_callbacks(execute=False):  # the broker "was down"
        stuck = job_start(kind="tests.report", params={"rows": 1}, user=user)
        fresh = job_start(kind="tests.report", params={"rows": 2}, user=user)
    Job.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert jobs_requeue_stale() == 1  # eager: runs it now
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == JobStatus.DONE
    assert fresh.status == JobStatus.QUEUED


def test_purge_removes_old_finished_jobs_and_files(world, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from citta_del_noi.jobs.services import jobs_purge_old

    with django_capture_on_commit_callbacks(execute=True):
        old = job_start(kind="tests.report", params={}, user=world.users["partner_a"])
    old.refresh_from_db()
    path = Path(settings.MEDIA_ROOT) / old.result_file.name
    assert path.exists()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=200))
    assert jobs_purge_old(days=90) == 1
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not path.exists()
    assert jobs_purge_old(days=90) == 0


def test_job_page_query_bound(world, django_assert_num_queries):
    client = _client(world.users["partner_a"])
    url = reverse("jobs:detail", kwargs={"pk": world.job_a.pk})
    client.get(url)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_selftest_job_writes_its_file(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="jobs.selftest", params={"rows": 2}, user=world.users["admin"])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (Path(settings.MEDIA_ROOT) / job.result_file.name).read_text() == "riga 1\nriga 2\n"


def test_a_failed_write_leaves_no_file(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.write_then_fail", params={}, user=world.users["staff"])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Scrittura interrotta."
    assert not job.result_file
    folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    assert not any(p.is_file() for p in folder.rglob("*"))
    client = _client(world.users["staff"])
    assert client.get(reverse("jobs:file", kwargs={"pk": job.pk})).status_code == 404


def test_progress_writes_are_throttled_within_a_step(world, django_assert_num_queries):
    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    job.refresh_from_db()
    ctx = JobContext(job, attempt=1)
    with django_assert_num_queries(2):
        for row in range(1000):
            ctx.progress(row / 10, "Righe")  # a handler may call it for every row
        ctx.progress(100, "Fine")  # a new step is always written
    job.refresh_from_db()
    assert (job.progress, job.step) == (100, "Fine")


def test_progress_of_a_reclaimed_run_stops_it(world):
    from citta_del_noi.jobs.services import JobSuperseded

    user = world.users["partner_a"]
    job = Job.objects.create(kind="tests.report", params={}, params_hash="x", created_by=user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=2)
    job.refresh_from_db()
    stale_run = JobContext(job, attempt=1)
    with pytest.raises(JobSuperseded):
        stale_run.progress(50, "Vecchio")
    job.refresh_from_db()
    assert job.step == ""
