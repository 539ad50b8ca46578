"""Making and checking token secrets. A token reads `cdn_<prefix>_<secret>`; the database keeps
the prefix (to find the row) and an HMAC-SHA256 of the whole token keyed with SECRET_KEY."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

TOKEN_START = "cdn_"  # noqa: S105 (a public marker, not a secret)


def digest_of(token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(token shown once to the user, prefix, digest)."""
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, digest_of(token)


def prefix_of(token: str) -> str | None:
    if not token.startswith(TOKEN_START):
        return None
    prefix, sep, rest = token[len(TOKEN_START) :].partition("_")
    if not sep or not rest or len(prefix) != 12:
        return None
    return prefix


def matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(digest_of(token), digest)
