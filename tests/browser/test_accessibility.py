"""axe-core on the public home, the login page and each role's home page: no serious or
critical violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import login
from tests.world import PASSWORD, TOTP_SECRET, build_world

pytestmark = pytest.mark.django_db(transaction=True)

SEVERE = {"serious", "critical"}


@pytest.fixture
def browser_world(reference):
    return build_world()


def _severe_violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SEVERE:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize(
    "path", ["/", "/account/login/", "/account/password/reset/", "/programma/", "/territorio/"]
)
def test_public_pages(page, browser_world, path) -> None:
    page.goto(path)
    assert _severe_violations(page) == []


def test_login_page_with_errors(page, browser_world) -> None:
    page.goto("/account/login/")
    page.get_by_label("Email").fill("nessuno@example.org")
    page.get_by_label("Password").fill("sbagliata")
    page.get_by_role("button", name="Accedi").click()
    page.locator(".alert-danger").wait_for()
    assert _severe_violations(page) == []


ROLE_LOGINS = {
    "staff": ("staff@example.org", TOTP_SECRET),
    "admin": ("admin@example.org", TOTP_SECRET),
    "partner": ("partner.a@example.org", None),
    "council": ("consigliere@example.org", None),
    "agency": ("agenzia@example.org", None),
}


@pytest.mark.parametrize("role", sorted(ROLE_LOGINS))
def test_role_home_pages(page, browser_world, role) -> None:
    email, secret = ROLE_LOGINS[role]
    login(page, email, PASSWORD, secret)
    assert _severe_violations(page) == []


def test_phone_layout_of_the_home(page, browser_world) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert _severe_violations(page) == []


def test_two_factor_activation_page(page, browser_world, settings) -> None:
    from citta_del_noi.accounts.services import user_make_staff
    from tests.world import make_user

    settings.MFA_REQUIRED_FOR_STAFF = True
    user_make_staff(user=make_user("senza.totp@example.org"))
    page.goto("/account/login/")
    page.get_by_label("Email").fill("senza.totp@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url("**/account/2fa/totp/activate/**")
    assert page.locator("h1").count() == 1
    assert _severe_violations(page) == []
