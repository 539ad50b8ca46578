"""The service finder in a real browser (issue 15 point 2): a citizen on a phone (390×844)
finds a service with the filters and opens its page; the Leaflet map shows the points with no
CSP violation; axe finds no serious or critical violation on desktop and mobile. No outside
traffic: the tile requests are answered by the test itself."""

from __future__ import annotations

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.agencies.test_finder import fw  # noqa: F401  (the finder's data)
from tests.browser.test_content_security_policy import RECORDER

pytestmark = pytest.mark.django_db(transaction=True)

SEVERE = {"serious", "critical"}
# A 1×1 transparent PNG, the answer to every tile request.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _offline(page, live_server) -> list[str]:
    """Answers tile requests locally and refuses any other outside request (recorded)."""
    outside: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(live_server.url):
            route.continue_()
        elif "tile.openstreetmap.org" in url:
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", handle)
    return outside


def _severe(page) -> list[str]:
    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation.get("impact") in SEVERE:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def test_find_a_service_on_a_phone(page, live_server, fw) -> None:  # noqa: F811
    outside = _offline(page, live_server)
    page.add_init_script(RECORDER)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/servizi/")
    page.get_by_label("Tipologia").select_option(label="Centro diurno")
    page.get_by_label("Vicino al mio quartiere").select_option(label=fw.q1.name)
    page.get_by_role("form", name="Filtri dei servizi").get_by_role("button", name="Cerca").click()
    page.wait_for_url("**/servizi/?*tipo=diurno*")
    assert f"vicino={fw.q1.slug}" in page.url  # the filters live in the URL
    items = page.locator(".finder-item h3")
    assert items.first.inner_text() == "Gamma centro diurno vicino"
    assert "Beta sportello di zona" not in page.content()
    page.locator(".leaflet-marker-icon").first.wait_for()  # the map's point
    assert _severe(page) == []
    assert page.evaluate("window.__csp") == []
    page.get_by_role("link", name="Gamma centro diurno vicino").click()
    page.get_by_role("heading", name="Gamma centro diurno vicino").wait_for()
    assert "Su appuntamento telefonico." in page.content()
    assert "Punto Comunità di prova" in page.get_by_test_id("nearest-punto").inner_text()
    assert _severe(page) == []
    assert outside == []


def test_finder_desktop_axe_and_csp(page, live_server, fw) -> None:  # noqa: F811
    outside = _offline(page, live_server)
    page.add_init_script(RECORDER)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/servizi/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert _severe(page) == []
    assert page.evaluate("window.__csp") == []
    # A shared link with filters opens the same filtered list.
    page.goto(f"/servizi/?tipo=diurno&quartiere={fw.q1.slug}")
    assert page.locator(".finder-item").count() == 1
    assert _severe(page) == []
    assert outside == []
