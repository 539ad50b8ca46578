"""allauth form overrides."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import default_token_generator
from allauth.account.internal.flows.password_reset import request_password_reset
from django.http import HttpRequest

from .selectors import users_for_password_reset
from .services import email_address_trust_login_address


class AddEmailForm(AllauthAddEmailForm):
    """Asking for a new address keeps the login address as the confirmed one until the new
    address is confirmed from its own mailbox (allauth's change-email flow)."""

    def save(self, request: HttpRequest) -> Any:
        email_address_trust_login_address(user=self.user)
        return super().save(request)


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset link goes only to an account's primary address, spelt as stored.

    Any other address (a secondary one, an unknown one) gets the same "no account" mail and
    the page says the same thing, so nothing is revealed about which addresses exist.
    """

    def clean_email(self) -> str:
        email = get_adapter().clean_email(self.cleaned_data["email"].strip().lower())
        self.users = users_for_password_reset(email)
        return email

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = self.cleaned_data["email"]
        token_generator = kwargs.get("token_generator", default_token_generator)
        if not self.users or app_settings.PASSWORD_RESET_BY_CODE_ENABLED:
            return super().save(request, **kwargs)
        for user in self.users:
            request_password_reset(request, user.email, [user], token_generator)
        return email
