"""Issue 12.1: a live session alone cannot take over the account.

The attack: logged in as a partner's referent (a session left open, or stolen), add an address
you control, ask for a password reset to it, set a new password. Sensitive changes now ask for
the password (or a TOTP code) again, the owner's address is told of every change, and a reset
is mailed only to the account's verified primary address.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from citta_del_noi.accounts.services import mfa_enable_totp
from tests.accounts.helpers import totp_code
from tests.world import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.django_db

OWNER = "partner.a@example.org"
ATTACKER = "attacker@example.org"
EMAIL_URL = "/account/email/"
REAUTH = "/account/reauthenticate/"


def _login(client, email: str = OWNER) -> None:
    response = client.post("/account/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def _age_session(client, seconds: int = 3600) -> None:
    """The session was opened a while ago: its authentication records are old."""
    session = client.session
    records = session.get("account_authentication_methods", [])
    assert records
    for record in records:
        record["at"] = time.time() - seconds
    session["account_authentication_methods"] = records
    session.save()


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_adding_an_email_from_an_old_session_asks_for_the_password(client, world) -> None:
    _login(client)
    _age_session(client)
    mail.outbox.clear()
    response = client.post(EMAIL_URL, {"email": ATTACKER, "action_add": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH)
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    assert _mails_to(ATTACKER) == []


def test_adding_an_email_with_a_forced_session_asks_for_the_password(client, world) -> None:
    client.force_login(world.users["partner_a"])
    response = client.post(EMAIL_URL, {"email": ATTACKER, "action_add": ""})
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()


def test_wrong_password_on_reauthentication_adds_nothing(client, world) -> None:
    _login(client)
    _age_session(client)
    asked = client.post(EMAIL_URL, {"email": ATTACKER, "action_add": ""})
    response = client.post(asked["Location"], {"password": "not-the-password"})
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()


def test_after_reauthentication_the_new_address_must_be_confirmed_and_owner_is_told(
    client, world
) -> None:
    _login(client)
    _age_session(client)
    asked = client.post(EMAIL_URL, {"email": "anna.nuova@example.org", "action_add": ""})
    mail.outbox.clear()
    response = client.post(asked["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    pending = EmailAddress.objects.get(email="anna.nuova@example.org")
    assert not pending.verified and not pending.primary
    user = world.users["partner_a"]
    user.refresh_from_db()
    assert user.email == OWNER  # the login address changes only once the new one is confirmed
    # The owner's address hears about the request, the new one gets the confirmation link.
    told = _mails_to(OWNER)
    assert len(told) == 1
    assert "anna.nuova@example.org" in told[0].body
    confirm = _mails_to("anna.nuova@example.org")
    assert len(confirm) == 1
    link = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", str(confirm[0].body))
    assert link
    mail.outbox.clear()
    client.post(link.group(1))
    user.refresh_from_db()
    assert user.email == "anna.nuova@example.org"
    assert not EmailAddress.objects.filter(user=user, email=OWNER).exists()
    changed = _mails_to(OWNER)
    assert len(changed) == 1
    assert "anna.nuova@example.org" in changed[0].body


def _reset(client, email: str):
    mail.outbox.clear()
    response = client.post("/account/password/reset/", {"email": email})
    assert response.status_code == 302
    return response


def _reset_links(address: str) -> list[str]:
    return [m.body for m in _mails_to(address) if "/account/password/reset/key/" in str(m.body)]


def test_reset_is_not_mailed_to_an_unverified_secondary_address(client, world) -> None:
    EmailAddress.objects.create(
        user=world.users["partner_a"], email=ATTACKER, verified=False, primary=False
    )
    attacked = _reset(client, ATTACKER)
    assert _reset_links(ATTACKER) == []
    attacker_mails = [(m.subject, m.body) for m in _mails_to(ATTACKER)]
    unknown = _reset(client, "nessuno@example.org")
    unknown_mails = [
        (m.subject, m.body.replace("nessuno@example.org", ATTACKER))
        for m in _mails_to("nessuno@example.org")
    ]
    # The same answer and the same mail as for an address with no account.
    assert attacked["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert attacker_mails == unknown_mails


def test_reset_is_not_mailed_to_a_verified_secondary_address(client, world) -> None:
    EmailAddress.objects.create(
        user=world.users["partner_a"], email=ATTACKER, verified=True, primary=False
    )
    _reset(client, ATTACKER)
    assert _reset_links(ATTACKER) == []


def test_reset_still_reaches_the_primary_address(client, world) -> None:
    _reset(client, OWNER)
    assert len(_reset_links(OWNER)) == 1
    # also once the address book has been synchronised (a verified primary row)
    EmailAddress.objects.update_or_create(
        user=world.users["partner_a"],
        email=OWNER,
        defaults={"verified": True, "primary": True},
    )
    _reset(client, OWNER.upper())
    assert len(_reset_links(OWNER)) == 1


def test_changing_the_password_asks_for_the_current_one_and_tells_the_owner(client, world) -> None:
    _login(client)
    mail.outbox.clear()
    new = "Nuova-Password-2026!"
    wrong = client.post(
        "/account/password/change/",
        {"oldpassword": "not-the-password", "password1": new, "password2": new},
    )
    assert wrong.status_code == 200
    user = world.users["partner_a"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert len(_mails_to(OWNER)) == 1


def test_managing_two_factor_asks_for_reauthentication(client, world) -> None:
    _login(client)
    _age_session(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)


@pytest.mark.django_db(transaction=True)
def test_two_factor_changes_are_told_to_the_owner(client, world) -> None:
    # transaction=True: allauth mails the activation notice on commit, as in production.
    _login(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    mail.outbox.clear()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.users["partner_a"]).exists()
    assert len(_mails_to(OWNER)) == 1
    mail.outbox.clear()
    # Turning two-factor off asks for the password or a code again, even right after login.
    asked = client.post(reverse("mfa_deactivate_totp"))
    assert asked.status_code == 302 and "reauthenticate" in asked["Location"]
    assert Authenticator.objects.filter(user=world.users["partner_a"]).exists()
    response = client.post(asked["Location"], {"password": PASSWORD})  # resumes the request
    assert response.status_code == 302
    assert not Authenticator.objects.filter(
        user=world.users["partner_a"], type=Authenticator.Type.TOTP
    ).exists()
    assert len(_mails_to(OWNER)) == 1


def test_two_factor_reauthentication_accepts_a_totp_code(client, world) -> None:
    user = world.users["partner_a"]
    mfa_enable_totp(user=user, secret=TOTP_SECRET)
    client.force_login(user)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(TOTP_SECRET)})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
