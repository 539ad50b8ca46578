"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped on a bare machine without /usr/bin/chromium; failing in CI (CI_REQUIRE_SERVICES=1),
where .ci/run installs Chromium.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from tests.conftest import REQUIRE_SERVICES

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.path.exists(CHROMIUM):
        message = f"Chromium non trovato in {CHROMIUM}"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM is used from
    # test code in the same thread, outside any coroutine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings) -> Iterator:
    # Links in the emails the test reads point at this live server, as in production they
    # point at PORTAL_BASE_URL.
    settings.PORTAL_BASE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="it-IT")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def totp_now(secret: str) -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def login(page, email: str, password: str, totp_secret: str | None = None) -> None:
    """Log in through the real login form (and the TOTP step when the account has one)."""
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
    if totp_secret:
        page.get_by_label("Codice").fill(totp_now(totp_secret))
        page.get_by_role("button", name="Accedi").click()
    page.wait_for_url("**/area-riservata/**")
