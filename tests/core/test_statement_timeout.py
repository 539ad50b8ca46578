"""A per-request statement timeout (issue 14): a long query in a web request is cancelled by
PostgreSQL and the user gets a friendly page, not a hung backend; the worker gets a longer one."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client

from citta_del_noi.core.statement_timeout import (
    apply_statement_timeout,
    statement_timeout_options,
    use_worker_statement_timeout,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is a PostgreSQL setting")


@pytest.fixture
def restore_options():
    original = dict(connection.settings_dict.get("OPTIONS", {}))
    yield
    connection.close()
    connection.settings_dict["OPTIONS"] = original


def _active_sleeps() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND query LIKE 'SELECT pg_sleep(5)%%' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_long_query_in_a_web_request_is_cancelled_with_a_friendly_page(
    postgresql, restore_options, settings
) -> None:
    settings.ROOT_URLCONF = "tests.core.slow_urls"
    apply_statement_timeout(connection.settings_dict, "1s")
    connection.close()  # the next connection is opened with the option, as in production
    assert Client().get("/__timeout__/").content == b"1s"
    started = time.monotonic()
    response = Client().get("/__lento__/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.content.decode()
    assert "La richiesta ha richiesto troppo tempo" in body and "Riprova" in body
    assert elapsed < 4  # cancelled after 1 s, not after the 5 s of pg_sleep
    assert _active_sleeps() == 0  # no backend left running the query


def test_the_worker_uses_its_longer_timeout(postgresql, restore_options, settings) -> None:
    settings.DATABASE_STATEMENT_TIMEOUT_WORKER = "10min"
    apply_statement_timeout(connection.settings_dict, "30s")
    use_worker_statement_timeout()  # what the Celery worker_process_init signal runs
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10min"


def test_option_values() -> None:
    assert statement_timeout_options("", "30s") == "-c statement_timeout=30s"
    assert (
        statement_timeout_options("-c search_path=x -c statement_timeout=30s", "10min")
        == "-c search_path=x -c statement_timeout=10min"
    )
    assert statement_timeout_options("-c statement_timeout=30s", "") == ""
    with pytest.raises(ImproperlyConfigured):
        statement_timeout_options("", "30s; DROP TABLE x")
