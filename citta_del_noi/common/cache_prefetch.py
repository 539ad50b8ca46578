"""Cache entries read ahead, in the round trip of a page's own entries (issue 14).

A warm page that reads its entries with one `get_many` can ask for the entries the header will
read later in the same request (the navigation, the unread count) in that same round trip:
`remember(request, got, keys)` keeps what came back (and what did not: a known miss) on the
request, and the header's readers use `get` / `get_many` here, which answer from that memo and
fall back to the cache for any key nobody read ahead. The values are the ones the cache held a
few milliseconds earlier in the same request; each reader still checks its own versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

_ATTR = "_cdn_cache_prefetched"
_MISSING = object()


def _memo(request: HttpRequest | None) -> dict[str, Any]:
    return getattr(request, _ATTR, None) or {}


def remember(request: HttpRequest, got: dict[str, Any], keys: Iterable[str]) -> None:
    memo = request.__dict__.setdefault(_ATTR, {})
    for key in keys:
        memo[key] = got.get(key, _MISSING)


def get_many(request: HttpRequest | None, keys: list[str]) -> dict[str, Any]:
    memo = _memo(request)
    if keys and all(k in memo for k in keys):
        return {k: memo[k] for k in keys if memo[k] is not _MISSING}
    return cache.get_many(keys)


def get(request: HttpRequest | None, key: str) -> Any:
    return get_many(request, [key]).get(key)
