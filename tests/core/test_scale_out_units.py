"""Issue 14.2 decisions that need no second machine: queues per job kind, the replica router.

The real processes (two web instances, two workers, a streaming replica, an S3 server) are in
tests/core/test_scale_out.py."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from citta_del_noi.celery import app
from citta_del_noi.core.replica import PIN_COOKIE, PrimaryReplicaRouter, ReplicaMiddleware
from citta_del_noi.jobs.models import Job
from citta_del_noi.jobs.services import queue_for


def test_long_jobs_go_to_the_heavy_queue_the_rest_to_default() -> None:
    for kind in ("bilancio_sociale.build_pdf", "consigli.minutes_pdf", "cantieri.import"):
        assert queue_for(kind) == "heavy"
    assert queue_for("jobs.selftest") == "default"
    router = app.amqp.router
    for task in ("notifications.send_notice_emails", "cantieri.review_reminders"):
        assert router.route({}, task)["queue"].name == "default"
    # a worker started without -Q consumes both queues (make run)
    assert {q.name for q in app.conf.task_queues} == {"default", "heavy"}


REPLICA_SETTINGS = {
    "DATABASE_REPLICA_VIEWS": ["cruscotto:", "core:home"],
    "DATABASE_REPLICA_PIN_SECONDS": 7,
}


@pytest.fixture
def with_replica(settings, monkeypatch):
    # Only the router's view of the settings: no connection to a "replica" is opened here.
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
    for key, value in REPLICA_SETTINGS.items():
        setattr(settings, key, value)


def _through(path: str, method: str = "get", cookies: dict | None = None, write: bool = False):
    """The router's choice for a read in the view of `path`, and the response."""
    router = PrimaryReplicaRouter()
    seen: list[str | None] = []

    def view(request):
        middleware.process_view(request, None, (), {})
        seen.append(router.db_for_read(Job))
        if write:
            router.db_for_write(Job)
            seen.append(router.db_for_read(Job))
        return HttpResponse("ok")

    middleware = ReplicaMiddleware(view)
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    response = middleware(request)
    return seen, response


def test_dashboard_and_public_pages_read_from_the_replica(with_replica) -> None:
    assert _through("/cruscotto/")[0] == ["replica"]
    assert _through("/")[0] == ["replica"]
    assert _through("/privacy/")[0] == [None]  # not listed: the primary
    # outside a request (workers, commands) every read goes to the primary
    assert PrimaryReplicaRouter().db_for_read(Job) is None


def test_after_a_write_the_request_and_the_next_seconds_read_the_primary(with_replica) -> None:
    seen, response = _through("/cruscotto/", write=True)
    assert seen == ["replica", None]
    assert response.cookies[PIN_COOKIE]["max-age"] == 7
    seen, response = _through("/cruscotto/", method="post")
    assert seen == [None] and PIN_COOKIE in response.cookies
    assert _through("/cruscotto/", cookies={PIN_COOKIE: "1"})[0] == [None]


def test_without_a_replica_nothing_changes(settings) -> None:
    assert "replica" not in settings.DATABASES
    seen, response = _through("/cruscotto/", method="post")
    assert seen == [None] and PIN_COOKIE not in response.cookies
