"""No page scrolls sideways on a phone (390 px) or a desktop (1,280 px), and every page leaves a
screenshot behind for a human to look at.

One browser, one world (the permission matrix's, so every public page has real objects), one
test: every public HTML page and, for each role, its home and the pages of its menus. Each page
is loaded once and measured at both widths (the viewport is resized, the layout recomputed).
Screenshots go to $SCREENSHOTS_DIR (default var/screenshots/), which CI keeps as an artifact.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from citta_del_noi.core.navigation import entries_for
from tests.url_matrix import matrix
from tests.world import ROLE_NAMES

pytestmark = pytest.mark.django_db(transaction=True)

# partner_b sees the same pages as partner_a: one partner is enough to keep the test short.
ROLES = [role for role in ROLE_NAMES if role != "partner_b"]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
# Files, feeds and machine-readable data: not pages a person scrolls.
NOT_PAGES = re.compile(r"(csv|json|schema|dcat|pdf|feed|ics|export|download)", re.IGNORECASE)


def screenshots_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or django_settings.BASE_DIR / "var/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _public_urls(world) -> list[str]:
    urls = []
    for name, row in sorted(matrix().items()):
        if row.method != "get" or row.expect["anonymous"] != 200 or NOT_PAGES.search(name):
            continue
        urls.append(reverse(name, kwargs=row.kwargs(world)) + row.query)
    return urls


def _role_urls(user) -> list[str]:
    urls = [reverse("core:area_riservata")]
    urls += [entry["url"] for entry in entries_for(user, public=False)]
    return list(dict.fromkeys(u for u in urls if not u.startswith("/admin/")))


def _session_cookie(user, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def _check(page, role: str, url: str, folder: Path) -> list[str]:
    problems: list[str] = []
    response = page.goto(url)
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return problems
    if response.status != 200:
        return [f"{role} {url}: HTTP {response.status}"]
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide = page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1)
                   .filter(e => !e.closest('.table-responsive, .table-scroll, svg'))
                   .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
                width,
            )
            problems.append(f"{role} {url} @ {width}px: {scroll}px wide {wide}")
        page.screenshot(
            path=str(folder / f"{role}--{_slug(url)}--{label}.jpg"),
            full_page=True,
            type="jpeg",
            quality=70,
        )
    return problems


def test_no_page_scrolls_sideways(browser, live_server, settings, world) -> None:
    settings.PORTAL_BASE_URL = live_server.url
    folder = screenshots_dir()
    problems: list[str] = []
    for role in ROLES:
        user = world.user(role)
        context = browser.new_context(base_url=live_server.url, locale="it-IT")
        context.set_default_timeout(15_000)
        if user is not None:
            context.add_cookies([_session_cookie(user, live_server.url)])
            urls = _role_urls(user)
            if role == "partner_a":  # the activity form: the partners' main page
                urls.append(reverse("cantieri:activity_create"))
        else:
            urls = _public_urls(world)
        page = context.new_page()
        for url in urls:
            page.set_viewport_size({"width": 1280, "height": 900})
            problems += _check(page, role, url, folder)
        context.close()
    assert problems == [], "\n".join(problems)
