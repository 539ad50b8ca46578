"""Two-factor authentication is mandatory for Comune staff and administrators."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from citta_del_noi.accounts.services import user_make_staff
from tests.world import PASSWORD, make_user

pytestmark = pytest.mark.django_db
ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture
def staff_without_totp(reference):
    return user_make_staff(user=make_user("nuovo.staff@example.org"))


def _password_login(client, user) -> None:
    client.post("/account/login/", {"login": user.email, "password": PASSWORD})


def test_staff_without_totp_is_sent_to_the_activation_page(client, staff_without_totp, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    _password_login(client, staff_without_totp)
    for url in (reverse("core:area_riservata"), reverse("core:home"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "autenticazione a due fattori è obbligatoria" in body
    assert body.count("<h1") == 1


def test_staff_login_without_totp_ends_on_the_activation_page(client, staff_without_totp, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    response = client.post(
        "/account/login/", {"login": staff_without_totp.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == ACTIVATE


def test_activating_totp_opens_the_staff_home(client, staff_without_totp, settings):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    settings.MFA_REQUIRED_FOR_STAFF = True
    _password_login(client, staff_without_totp)
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    import time

    from allauth.mfa import app_settings

    code = format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=staff_without_totp, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(reverse("core:area_riservata")).status_code == 200


def test_reauthentication_page_is_reachable_without_totp(client, staff_without_totp, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(staff_without_totp)  # an old session: allauth asks for the password again
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and "/account/reauthenticate/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_partner_is_not_asked_for_two_factor(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(world.users["partner_a"])
    assert client.get(reverse("core:area_riservata")).status_code == 200


def test_setting_off_lets_staff_in_without_totp(client, staff_without_totp, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(staff_without_totp)
    assert client.get(reverse("core:area_riservata")).status_code == 200


def test_two_factor_management_pages_render_in_the_portal_layout(client, world) -> None:
    client.post("/account/login/", {"login": "partner.a@example.org", "password": PASSWORD})
    for url in ("/account/2fa/", "/account/password/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert body.count("<h1") == 1, url
        assert '<main id="contenuto"' in body
        assert "portal-narrow" in body
