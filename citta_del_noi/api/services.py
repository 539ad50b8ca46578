"""Writes on API tokens: create (the secret returned once) and revoke (only one's own)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, TokenScope
from .tokens import new_token

AnyUser = Any  # the portal's user (accounts is a sibling layer: not imported here)


def max_days() -> int:
    return int(getattr(settings, "API_TOKEN_MAX_DAYS", 365))


@transaction.atomic
def token_create(*, user: AnyUser, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the secret, which is never stored."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Dai un nome al token.")]
    if scope not in TokenScope.values:
        errors["scope"] = [_("Scegli i permessi del token.")]
    if not 1 <= days <= max_days():
        errors["days"] = [_("La durata va da 1 a %(max)d giorni.") % {"max": max_days()}]
    if errors:
        raise ValidationError(errors)
    token, prefix, digest = new_token()
    row = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=prefix,
        digest=digest,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return row, token


@transaction.atomic
def token_revoke(*, user: AnyUser, pk: int) -> ApiToken:
    """Revoke one of `user`'s tokens; another user's token is a 404 (not even its existence)."""
    row = ApiToken.objects.select_for_update().filter(user_id=user.pk, pk=pk).first()
    if row is None:
        raise Http404
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row


def token_touch(row: ApiToken) -> None:
    """Record the last use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
