"""Authentication, scope and rate limit of the API (README "API").

`Authorization: Bearer cdn_…` finds the token by its prefix and compares the keyed hash in
constant time; a revoked or expired token is refused with a message that says so (401).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from .models import ApiToken, TokenScope
from .selectors import token_by_prefix
from .services import token_touch
from .tokens import matches, prefix_of

if TYPE_CHECKING:
    from rest_framework.views import APIView


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Intestazione Authorization non valida."))
        try:
            token = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token non valido.")) from exc
        prefix = prefix_of(token)
        row = token_by_prefix(prefix) if prefix else None
        if row is None or not matches(token, row.digest):
            raise exceptions.AuthenticationFailed(_("Token non valido."))
        if row.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Token revocato."))
        if row.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("Token scaduto."))
        if not row.user.is_active:
            raise exceptions.AuthenticationFailed(_("Utente disattivato."))
        token_touch(row)
        return row.user, row

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class TokenScopeAllowsWrite(BasePermission):
    """A read-scope token reads only; a session (the portal's forms) is not limited here."""

    message = gettext_lazy("Questo token è di sola lettura.")  # in the caller's language

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        token = request.auth
        if isinstance(token, ApiToken):
            return token.scope == TokenScope.WRITE
        return True


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES["token"]); sessions
    and anonymous callers are limited per user or per IP ("user", "anon")."""

    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": token.pk}
        return None


class SessionUserThrottle(UserRateThrottle):
    """Portal sessions per user ("user" rate); token requests are counted per token instead."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        if isinstance(request.auth, ApiToken):
            return True
        return super().allow_request(request, view)
