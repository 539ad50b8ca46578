"""Shared fixtures: the reference data, one user per role, and the service guards."""

from __future__ import annotations

import copy
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tests.world import ROLE_NAMES, World, build_world

REQUIRE_SERVICES = os.environ.get("CI_REQUIRE_SERVICES") == "1"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        address = (parsed.hostname or "127.0.0.1", parsed.port or default_port)
        with socket.create_connection(address, 1):
            return True
    except OSError:
        return False


def require_service(name: str, url: str, default_port: int) -> None:
    """Skip on a bare machine; fail in CI (CI_REQUIRE_SERVICES=1) when a service is down."""
    if url and _reachable(url, default_port):
        return
    message = f"{name} non raggiungibile ({url or 'variabile non impostata'})"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache, as a new process would: allauth remembers used
    TOTP codes there for a period, so two logins of the same account within 30 s in two tests
    would otherwise see the second code refused as a replay."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    require_service("Redis", url, 6379)
    return url


def _load_reference() -> None:
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115


# --- Reference data and world shared by the tests of a module --------------------------------
#
# Loading the reference data and building the world take about a thousand queries, and most
# tests need them and change them only inside their own transaction. So, for consecutive
# non-transactional tests of one module, they are built once: the reference data in an outer
# transaction, the world in a savepoint of it. Each test's own transaction (pytest-django's
# TestCase atomics) nests in them as savepoints: every test still rolls back whatever it did
# and finds the data exactly as built, as with Django's TestCase.setUpTestData; each test gets
# its own deep copy of the World objects, and the build's files in its MEDIA_ROOT. A new module
# builds afresh. Transactional tests (live server, real workers: other connections must see
# the data) and tests that ask for neither fixture run outside any outer transaction, as
# before, and build their own.

SHARED_LEVELS = {"reference": 1, "world": 2}


class SharedData:
    def __init__(self, blocker: Any, media_factory: Any) -> None:
        self.blocker = blocker
        self.media_factory = media_factory
        self.module: str | None = None
        self.atomics: list[Any] = []  # entered atomic() blocks, outermost first
        self.world: World | None = None
        self.media: Path | None = None  # where the build wrote its files

    @property
    def level(self) -> int:
        return len(self.atomics)

    def unwind(self, level: int = 0) -> None:
        from django.db import transaction

        with self.blocker.unblock():
            while self.level > level:
                block = self.atomics.pop()
                transaction.set_rollback(True)
                block.__exit__(None, None, None)
        if level < 2:
            self.world = None
        if level < 1:
            self.media = None

    def ensure(self, module: str, level: int) -> None:
        from django.db import transaction
        from django.test import override_settings

        if module != self.module:
            self.unwind(0)
            self.module = module
        self.unwind(level)
        if self.level == level:
            return
        if self.media is None:
            self.media = self.media_factory.mktemp("shared-media")
        with self.blocker.unblock(), override_settings(MEDIA_ROOT=str(self.media)):
            while self.level < level:
                block: Any = transaction.atomic()
                block._from_testcase = True  # as TestCase's own: durable blocks nest in it
                block.__enter__()
                self.atomics.append(block)
                try:
                    if self.level == 1:
                        _load_reference()
                    else:
                        self.world = build_world()
                except BaseException:
                    self.unwind(0)
                    raise

    def copy_media(self, media_root: str) -> None:
        if self.media is not None and any(self.media.iterdir()):
            shutil.copytree(self.media, media_root, dirs_exist_ok=True)


_SHARED: dict[str, Any] = {"state": None, "level": 0}


@pytest.fixture(scope="session")
def _shared_data_state(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[SharedData]:
    state = SharedData(django_db_blocker, tmp_path_factory)
    _SHARED["state"] = state
    yield state
    state.unwind(0)  # before the test database is dropped
    _SHARED["state"] = None


def _shared_level(request) -> int:
    """What this test may share with its neighbours: 0 nothing, 1 reference data, 2 world."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        from pytest_django.fixtures import validate_django_db

        transactional, reset_sequences, databases, serialized, available = validate_django_db(
            marker
        )
        if transactional or reset_sequences or serialized or databases or available:
            return 0
    elif "db" not in names:
        return 0
    special = {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
    if special & names:
        return 0
    return max((level for name, level in SHARED_LEVELS.items() if name in names), default=0)


@pytest.fixture(autouse=True)
def _django_db_marker(request) -> None:
    """Overrides pytest-django's fixture of this name (which sets up the test's transaction
    for the django_db marker) to set up the shared data first: the test's transaction must
    nest in it. As pytest-django's, it runs before every other function-scoped fixture."""
    level = _shared_level(request)
    if level:
        request.getfixturevalue("_shared_data_state").ensure(request.node.module.__name__, level)
    elif _SHARED["state"] is not None:
        _SHARED["state"].unwind(0)
    _SHARED["level"] = level
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


@pytest.fixture
def reference(db) -> None:
    from django.conf import settings

    state = _SHARED["state"]
    if _SHARED["level"] >= 1 and state is not None and state.level >= 1:
        state.copy_media(settings.MEDIA_ROOT)
        return
    _load_reference()


@pytest.fixture
def world(reference) -> World:
    """One user per role plus two partner organisations (see tests/world.py)."""
    state = _SHARED["state"]
    if _SHARED["level"] >= 2 and state is not None and state.world is not None:
        return copy.deepcopy(state.world)
    return build_world()


@pytest.fixture(params=ROLE_NAMES)
def role_name(request) -> str:
    return request.param
