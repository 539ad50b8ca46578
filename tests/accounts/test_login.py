"""Login, two-factor step, lockout and password reset through the real allauth views."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from citta_del_noi.accounts.adapters import LOGIN_FAILED, TOO_MANY_ATTEMPTS, WRONG_CODE
from tests.accounts.helpers import errors_of, totp_code
from tests.world import PASSWORD, TOTP_SECRET

LOGIN = "/account/login/"
pytestmark = pytest.mark.django_db


def _login(client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_page_is_italian_and_has_no_signup_link(client, settings) -> None:
    settings.MFA_REQUIRED_FOR_STAFF = True
    body = client.get(LOGIN).content.decode()
    assert body.count("<h1") == 1
    assert "Accedi all'area riservata" in body
    assert 'for="id_login"' in body and 'for="id_password"' in body
    assert "/account/signup/" not in body
    assert "Hai dimenticato la password?" in body
    assert 'data-testid="mfa-off"' not in body


def test_login_page_says_when_two_factor_is_off(client, settings) -> None:
    settings.MFA_REQUIRED_FOR_STAFF = False
    body = client.get(LOGIN).content.decode()
    assert "autenticazione a due fattori è disattivata" in body


def test_signup_is_closed(client) -> None:
    response = client.get("/account/signup/")
    assert "Registrazione non disponibile" in response.content.decode()
    response = client.post(
        "/account/signup/",
        {"email": "new@example.org", "password1": "Xy-12345678!", "password2": "Xy-12345678!"},
    )
    from citta_del_noi.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_wrong_password_and_unknown_email_give_the_same_message(client, world) -> None:
    wrong = _login(client, "partner.a@example.org", "not-the-password")
    unknown = _login(client, "nessuno@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert errors_of(wrong) == errors_of(unknown) == str(LOGIN_FAILED)
    assert "_auth_user_id" not in client.session


def test_partner_logs_in_without_second_factor(client, world) -> None:
    response = _login(client, "partner.a@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:area_riservata")
    assert client.get(reverse("core:area_riservata")).status_code == 200


def test_staff_login_asks_for_the_code_and_refuses_a_wrong_one(client, world) -> None:
    response = _login(client, "staff@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'for="id_code"' in page
    good = totp_code(TOTP_SECRET)
    bad = "000000" if good != "000000" else "111111"
    wrong = client.post(reverse("mfa_authenticate"), {"code": bad})
    assert wrong.status_code == 200
    assert errors_of(wrong) == str(WRONG_CODE)
    assert 'aria-describedby="id_code_errors"' in wrong.content.decode()
    ok = client.post(reverse("mfa_authenticate"), {"code": good})
    assert ok.status_code == 302
    assert ok["Location"] == reverse("core:area_riservata")
    assert client.get(reverse("core:area_riservata")).status_code == 200


def test_recovery_code_works_as_second_factor(client, world) -> None:
    from allauth.mfa.models import Authenticator

    staff = world.users["staff"]
    codes = (
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    _login(client, staff.email, PASSWORD)
    ok = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert ok.status_code == 302 and ok["Location"] == reverse("core:area_riservata")


def test_account_is_locked_after_repeated_failures_same_for_unknown_email(client, world) -> None:
    for _ in range(5):
        assert errors_of(_login(client, "partner.a@example.org", "wrong")) == str(LOGIN_FAILED)
    # The right password no longer works while the account is locked.
    locked = _login(client, "partner.a@example.org", PASSWORD)
    assert locked.status_code == 200
    assert errors_of(locked) == str(TOO_MANY_ATTEMPTS)
    assert "_auth_user_id" not in client.session
    # An unknown address is locked in exactly the same way: nothing reveals which accounts exist.
    for _ in range(5):
        _login(client, "nessuno@example.org", "wrong")
    assert errors_of(_login(client, "nessuno@example.org", "wrong")) == str(TOO_MANY_ATTEMPTS)


def test_wrong_codes_lock_the_second_factor(client, world) -> None:
    _login(client, "staff@example.org", PASSWORD)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000001"})
    locked = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert errors_of(locked) == str(TOO_MANY_ATTEMPTS)


def test_password_reset_answers_the_same_for_known_and_unknown_email(client, world) -> None:
    known = client.post("/account/password/reset/", {"email": "partner.a@example.org"})
    unknown = client.post("/account/password/reset/", {"email": "nessuno@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    done = client.get(known["Location"]).content.decode()
    assert "Se l'indirizzo indicato corrisponde a un account" in done
    reset_mails = [m for m in mail.outbox if "partner.a@example.org" in m.to]
    assert len(reset_mails) == 1
    assert reset_mails[0].subject == "[Brescia Città del Noi] Reimposta la password"
    assert "/account/password/reset/key/" in reset_mails[0].body
    # The unknown address learns only that no account exists, with no signup link.
    unknown_mails = [m for m in mail.outbox if "nessuno@example.org" in m.to]
    assert len(unknown_mails) == 1
    assert "/account/signup/" not in unknown_mails[0].body
    assert "non corrisponde alcun account" in unknown_mails[0].body


def _reset_link(client, email: str) -> str:
    mail.outbox.clear()
    client.post("/account/password/reset/", {"email": email})
    match = re.search(
        r"https?://[^/\s]+(/account/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert match
    return match.group(1)


def test_password_reset_link_sets_a_new_password_once(client, world) -> None:
    link = _reset_link(client, "partner.a@example.org")
    form_page = client.get(link, follow=True)
    assert "Scegli una nuova password" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = "Nuova-password-sicura-42"
    done = client.post(action, {"password1": new, "password2": new})
    assert done.status_code == 302
    client.logout()
    assert _login(client, "partner.a@example.org", new).status_code == 302
    client.logout()
    # The same link cannot be used twice.
    again = client.get(link, follow=True).content.decode()
    assert "Collegamento non valido o scaduto" in again


def test_expired_or_forged_reset_link_is_refused_in_italian(client, world, settings) -> None:
    link = _reset_link(client, "partner.a@example.org")
    settings.PASSWORD_RESET_TIMEOUT = -1
    expired = client.get(link, follow=True).content.decode()
    assert "Collegamento non valido o scaduto" in expired
    assert "Chiedi un nuovo collegamento" in expired
    forged = client.get("/account/password/reset/key/zz-abc-def/", follow=True)
    assert "Collegamento non valido o scaduto" in forged.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/m/key"})
def test_too_many_requests_page_is_italian(client, world) -> None:
    responses = [
        client.post("/account/password/reset/", {"email": "partner.a@example.org"})
        for _ in range(3)
    ]
    assert responses[-1].status_code == 429
    body = responses[-1].content.decode()
    assert "Troppi tentativi" in body
    assert 'lang="it"' in body


def test_inactive_account_gets_a_clear_message_only_with_the_right_password(client, world):
    partner = world.users["partner_a"]
    partner.is_active = False
    partner.save(update_fields=["is_active"])
    wrong = _login(client, partner.email, "wrong")
    assert errors_of(wrong) == str(LOGIN_FAILED)
    right = client.post(LOGIN, {"login": partner.email, "password": PASSWORD}, follow=True)
    body = right.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Account non attivo" in body and "non è attivo" in body
