"""Two-factor authentication is mandatory for everyone who can open the admin or a staff page
(see roles.requires_mfa)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import requires_mfa

# Paths a staff member without two-factor may still reach: setting it up, logging out, assets.
_ALLOWED_PREFIXES = (
    "/account/2fa/",
    "/account/reauthenticate/",
    "/account/logout/",
    "/static/",
    "/i18n/",
    "/healthz",
)


def _has_totp(user: Any) -> bool:
    """Memoised on the user like the roles (kept between requests by role_cache.py, which
    watches Authenticator)."""
    found = getattr(user, "_cdn_has_totp", None)
    if found is None:
        found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._cdn_has_totp = found
    return bool(found)


class RequireStaffMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and requires_mfa(user)
            and not _has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Per il personale del Comune l'autenticazione a due fattori è obbligatoria: "
                    "attivala per continuare."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
