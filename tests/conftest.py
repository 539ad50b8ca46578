"""Shared fixtures: the reference data, one user per role, and the service guards."""

from __future__ import annotations

import os
import socket
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


@pytest.fixture
def reference(db) -> None:
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def world(reference) -> World:
    """One user per role plus two partner organisations (see tests/world.py)."""
    return build_world()


@pytest.fixture(params=ROLE_NAMES)
def role_name(request) -> str:
    return request.param
