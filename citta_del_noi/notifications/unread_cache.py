"""The header's unread count kept between requests (issue 14: it was a query on every page).

Only with a cache shared by every web process (the role cache's condition, accounts/
role_cache.py): the count is stored as (version, count) under the user's key, beside a version
counter per user that the services bump after the commit of every write that changes it (new
notices, marking read). A page reads both in one round trip and recomputes when they differ, so
a count computed before a write is never shown after it; entries expire after SECONDS anyway.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.http import HttpRequest

from citta_del_noi.accounts import role_cache
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common import cache_prefetch, cache_versions

from .selectors import unread_count

SECONDS = 300


def _name(user_id: int) -> str:
    return f"notifications:unread:u{user_id}"


def _keys(user_id: int) -> list[str]:
    return [f"notifications:unread-count:u{user_id}", cache_versions.cache_key(_name(user_id))]


def prefetch_keys(user: AnyUser) -> list[str]:
    """The cache keys cached_unread_count reads, for a page that reads its own entries first
    (common/cache_prefetch.py)."""
    if not user.is_authenticated or not role_cache.enabled():
        return []
    return _keys(user.pk)


def known_version(user: AnyUser, request: HttpRequest | None = None) -> int | None:
    """The version of the user's unread count now (read ahead for `request` when a page did),
    None when the cache holds none yet or the count is not kept between requests: a page stored
    with it (core/viewer_pages.py) shows the count of that version."""
    if not user.is_authenticated or not role_cache.enabled():
        return None
    version = cache_prefetch.get(request, _keys(user.pk)[1])
    return None if version is None else int(version)


def cached_unread_count(user: AnyUser, request: HttpRequest | None = None) -> int:
    """`request`: where entries read ahead for this request are (cache_prefetch)."""
    if not user.is_authenticated or not role_cache.enabled():
        return unread_count(user)
    key, version_key = _keys(user.pk)
    got = cache_prefetch.get_many(request, [key, version_key])
    version = got.get(version_key)
    if version is None:
        version = cache_versions.current(_name(user.pk))
    entry = got.get(key)
    if isinstance(entry, tuple) and entry[0] == version:
        return int(entry[1])
    count = unread_count(user)
    cache.set(key, (version, count), SECONDS)
    return count


def forget(user_ids: Iterable[int]) -> None:
    """The unread counts of these users change when the current transaction commits."""
    for user_id in set(user_ids):
        cache_versions.bump_after_commit(_name(user_id))
