"""Real-browser login: Comune staff with password and TOTP, a partner with password only."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.world import PASSWORD, TOTP_SECRET, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_world(reference):
    return build_world()


def _logout(page) -> None:
    page.get_by_test_id("logout").click()
    page.wait_for_url(lambda url: "/area-riservata/" not in url)
    assert page.get_by_role("link", name="Accedi").is_visible()
    page.goto("/area-riservata/")
    assert "/account/login/" in page.url


def test_staff_logs_in_with_totp_sees_staff_home_and_logs_out(page, browser_world) -> None:
    login(page, "staff@example.org", PASSWORD, TOTP_SECRET)
    assert page.get_by_role("heading", level=1).inner_text() == "La mia area"
    assert "Personale del Comune" in page.get_by_test_id("role-labels").inner_text()
    assert page.get_by_role("heading", name="Dati di riferimento del programma").is_visible()
    _logout(page)


def test_partner_logs_in_without_totp_sees_partner_home_and_logs_out(page, browser_world) -> None:
    login(page, "partner.a@example.org", PASSWORD)
    assert "Referente di organizzazione partner" in page.get_by_test_id("role-labels").inner_text()
    assert page.get_by_role("heading", name="Dati di riferimento del programma").count() == 0
    _logout(page)


def test_wrong_totp_is_refused_in_the_browser(page, browser_world) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.get_by_label("Codice").fill("000000")
    page.get_by_role("button", name="Accedi").click()
    error = page.locator("#id_code_errors")
    assert "Codice non valido" in error.inner_text()
    assert page.get_by_label("Codice").get_attribute("aria-invalid") == "true"


def test_phone_menu_opens_and_shows_the_navigation(page, browser_world) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    nav_link = page.get_by_role("link", name="Territorio", exact=True)
    toggler = page.locator(".custom-navbar-toggler")
    assert toggler.is_visible()
    assert not nav_link.is_visible()
    toggler.click()
    nav_link.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
