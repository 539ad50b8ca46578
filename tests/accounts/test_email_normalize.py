"""Issue 12.6 (first bullet): one spelling for every address compared, stored or mailed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from agencies.forms import SubscribeForm
from bilancio_sociale.forms import ContributionForm
from citta_del_noi.accounts.adapters import AccountAdapter
from citta_del_noi.accounts.emails import email_normalize
from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.services import user_invite

LONG_S = "referente@au\u017fer.demo"  # "ſ", a long s
CYRILLIC = "referente@\u0430user.demo"  # a Cyrillic "а" among Latin letters
MIXED = "dominio dell'indirizzo email mescola alfabeti diversi"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (LONG_S, "referente@auser.demo"),
        ("Referente@AUSER.Demo", "referente@auser.demo"),
        ("\uff52\uff45\uff46@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.org", "ref@example.org"),
        ("anna@m\u00fcller.de", "anna@xn--mller-kva.de"),
        ("anna@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", "anna@xn--e1afmkfd.xn--p1ai"),
        ("  anna@example.org. ", "anna@example.org"),
    ],
)
def test_addresses_get_one_spelling(typed: str, stored: str) -> None:
    assert email_normalize(typed) == stored


@pytest.mark.parametrize("typed", [CYRILLIC, "anna@p\u0430ypal.com", "anna@g\u03bfogle.com"])
def test_mixed_script_domains_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as exc:
        email_normalize(typed)
    assert MIXED in " ".join(exc.value.messages)


@pytest.mark.parametrize("typed", ["", "anna", "anna@", "@example.org", "anna@exa..mple.org"])
def test_malformed_addresses_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        email_normalize(typed)


@pytest.mark.django_db
def test_invitation_stores_and_mails_the_same_address(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(email=LONG_S)
    assert user.email == "referente@auser.demo"
    assert [m.to for m in mail.outbox] == [["referente@auser.demo"]]
    # The same person typed with a plain s is the same account.
    with pytest.raises(ValidationError):
        user_invite(email="referente@auser.demo")


@pytest.mark.django_db
def test_invitation_refuses_a_lookalike_domain() -> None:
    with pytest.raises(ValidationError) as exc:
        user_invite(email=CYRILLIC)
    assert MIXED in " ".join(exc.value.message_dict["email"])
    assert not User.objects.filter(email__startswith="referente@").exists()


def test_allauth_adapter_cleans_with_the_same_function() -> None:
    assert AccountAdapter().clean_email(LONG_S) == "referente@auser.demo"
    with pytest.raises(ValidationError):
        AccountAdapter().clean_email(CYRILLIC)


def test_newsletter_subscription_field() -> None:
    form = SubscribeForm(data={"email": LONG_S, "consent": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "referente@auser.demo"
    form = SubscribeForm(data={"email": CYRILLIC, "consent": "on"})
    assert not form.is_valid()
    assert MIXED in " ".join(str(e) for e in form.errors["email"])


def test_consultation_email_field() -> None:
    data = {"section_key": "intro", "text": "Un contributo.", "consent": "on"}
    form = ContributionForm(data={**data, "email": LONG_S}, sections=[("intro", "Intro")])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "referente@auser.demo"
    form = ContributionForm(data={**data, "email": CYRILLIC}, sections=[("intro", "Intro")])
    assert not form.is_valid()
    assert MIXED in " ".join(str(e) for e in form.errors["email"])


@pytest.mark.django_db
def test_admin_invitation_refuses_a_lookalike_domain_next_to_the_field(client, world) -> None:
    client.force_login(world.users["staff"])
    response = client.post("/admin/accounts/user/add/", {"email": CYRILLIC, "first_name": "R"})
    assert response.status_code == 200
    assert MIXED in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.filter(first_name="R").exists()
    assert not mail.outbox
