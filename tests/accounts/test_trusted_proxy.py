"""Behind the TLS proxy (issue 12, point 6): with TRUSTED_PROXY_COUNT=1 two clients get their
own rate-limit buckets, and a spoofed extra X-Forwarded-For hop does not get a fresh one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from citta_del_noi.core.log_context import ClientIPLogFilter

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # every request reaches gunicorn from the proxy
RESET = "/account/password/reset/"
ROOT = Path(__file__).resolve().parents[2]


def _through_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def _reset(client: Client, n: int) -> int:
    return client.post(RESET, {"email": f"nessuno{n}@example.org"}).status_code


def test_the_environment_sets_allauths_trusted_proxy_count() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.dev",
        "TRUSTED_PROXY_COUNT": "1",
    }
    code = (
        "import django; django.setup(); from allauth import app_settings as a; "
        "print(a.TRUSTED_PROXY_COUNT)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "1", out.stderr


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"reset_password": "2/m/ip"})
def test_clients_behind_the_proxy_have_their_own_buckets(world) -> None:
    alice = _through_proxy("198.51.100.1")
    bob = _through_proxy("198.51.100.2")
    assert [_reset(alice, n) for n in range(3)][-1] == 429  # alice used up her bucket
    assert _reset(bob, 10) != 429  # bob, behind the same proxy, did not
    # Alice writes a fake hop in front; the proxy appends her real address: still limited.
    spoofed = _through_proxy("203.0.113.77, 198.51.100.1")
    assert _reset(spoofed, 20) == 429


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/m/ip"})
def test_without_the_setting_everyone_behind_the_proxy_shares_one_bucket(world) -> None:
    alice = _through_proxy("198.51.100.1")
    bob = _through_proxy("198.51.100.2")
    assert [_reset(alice, n) for n in range(3)][-1] == 429
    assert _reset(bob, 10) == 429  # the default (0) ignores X-Forwarded-For


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_log_lines_carry_the_client_address(world, caplog) -> None:
    caplog.handler.addFilter(ClientIPLogFilter())
    caplog.set_level(logging.WARNING, logger="django.request")
    _through_proxy("203.0.113.77, 198.51.100.9").get("/pagina-che-non-esiste/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and records[-1].__dict__["client_ip"] == "198.51.100.9"
