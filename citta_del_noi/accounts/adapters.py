"""allauth adapters: closed signup and clear Italian messages that reveal nothing about accounts."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from citta_del_noi.notifications.links import portal_url

from .emails import email_normalize

# The same wording whether the email is unknown or the password is wrong: no account enumeration.
LOGIN_FAILED = _(
    "Email o password non corretti. Controlla di averli scritti bene e riprova; se non ricordi "
    "la password puoi reimpostarla."
)
TOO_MANY_ATTEMPTS = _(
    "Troppi tentativi di accesso non riusciti: per sicurezza l'accesso è sospeso per alcuni "
    "minuti. Riprova più tardi oppure reimposta la password."
)
WRONG_CODE = _(
    "Codice non valido. Inserisci il codice di 6 cifre che l'app di autenticazione mostra in "
    "questo momento (oppure un codice di recupero non ancora usato)."
)


def _on_portal(url: str) -> str:

    parts = urlsplit(url)
    return portal_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    """Signup is closed: accounts are created by staff or by invitation."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": LOGIN_FAILED,
        "username_password_mismatch": LOGIN_FAILED,
        "too_many_login_attempts": TOO_MANY_ATTEMPTS,
        "incorrect_code": WRONG_CODE,
        "invalid_password_reset": _(
            "Il collegamento per reimpostare la password non è valido o è scaduto."
        ),
        "account_inactive": _("Questo account non è attivo. Rivolgiti al personale del Comune."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    # Links in allauth's emails use the portal's public address (PORTAL_BASE_URL), not the
    # host the request arrived on (behind a proxy that may be an internal name).
    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_portal(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return _on_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def clean_email(self, email: str) -> str:
        """Every address allauth handles (added, reset, looked up) in the portal's spelling."""
        return email_normalize(super().clean_email(email))

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: Any, signup: bool
    ) -> None:
        """Send the confirmation link to the new address and tell the current one.

        Someone in the account's session asked to move it to another address: the owner hears
        about it at the address they know, before anything changes.
        """
        super().send_confirmation_mail(request, emailconfirmation, signup)
        address = emailconfirmation.email_address
        if not signup and not address.primary and address.user.email.lower() != address.email:
            self.send_notification_mail(
                "account/email/email_added",
                address.user,
                {"new_email": address.email},
                email=address.user.email,
            )

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Staff who must set up two-factor right after logging in are not asked for their
        password a second time: a login in the last few minutes counts as reauthentication
        when the account has no authenticator yet. Every other sensitive change still asks."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required

        request = context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return required
        if Authenticator.objects.filter(user=user).exists():
            return required
        records = get_authentication_records(request, user)
        if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return required


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": WRONG_CODE,
    }
