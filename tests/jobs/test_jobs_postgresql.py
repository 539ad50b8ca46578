"""Behaviour that only PostgreSQL can show: concurrent dedupe, progress seen by other sessions."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.jobs.services import job_run, job_start, params_hash_for
from tests.jobs import handlers  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("serve PostgreSQL (DATABASE_URL)")


def test_concurrent_dedupe_returns_one_job(django_capture_on_commit_callbacks) -> None:
    """Two requests race: the second waits on the unique index, then gets the first's job."""
    inserted = threading.Event()
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = job_start(kind="tests.report", params={"n": 1}, dedupe=True).pk
                inserted.set()
                threading.Event().wait(0.5)  # hold the transaction open
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            inserted.set()
        finally:
            connection.close()

    def second() -> None:
        try:
            inserted.wait(10)
            with transaction.atomic():
                results["second"] = job_start(kind="tests.report", params={"n": 1}, dedupe=True).pk
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    with django_capture_on_commit_callbacks(execute=False):
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not errors, errors
    assert results["first"] == results["second"]
    assert Job.objects.filter(params={"n": 1}).count() == 1


def test_progress_inside_a_transaction_is_visible_at_once() -> None:
    job = Job.objects.create(
        kind="tests.atomic_progress",
        params={},
        params_hash=params_hash_for(kind="tests.atomic_progress", params={}),
    )
    assert job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"seen_progress": 55, "seen_step": "A metà"}
