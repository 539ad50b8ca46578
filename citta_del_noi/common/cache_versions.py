"""Version counters in the shared cache, bumped after commit (one mechanism for every cache
that must never serve what was computed before a write).

A cache entry that derives from rows of the database puts `current(name)` in its key; a write
of those rows calls `bump_after_commit(name)`, so the next request reads a new version and
misses the old entries (they expire on their own). The bump waits for the commit: a request that
reads between the write and the commit still sees the old data under the old version, and one
that reads after sees the new version.

Used by the role snapshots (accounts/role_cache.py), the coverage cells
(cantieri/coverage_cache.py) and the other page caches that hang on the activity data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

_PREFIX = "cdn:version:"


def _key(name: str) -> str:
    return _PREFIX + name


def current(name: str) -> int:
    """The version of `name` now (1 until the first bump)."""
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), 1, None)
        value = cache.get(_key(name), 1)
    return int(value)


def current_many(names: list[str]) -> dict[str, int]:
    """`current` of several names with one read of the cache (the missing ones as `current`)."""
    found = cache.get_many([_key(n) for n in names])
    return {n: int(found[_key(n)]) if _key(n) in found else current(n) for n in names}


def bump_now(name: str) -> None:
    """A new version of `name` at once (outside a transaction, or from an on_commit hook)."""
    try:
        cache.incr(_key(name))
    except ValueError:  # missing (never read, or evicted): any value above 1 is new
        cache.set(_key(name), current(name) + 1, None)


def bump_after_commit(name: str) -> None:
    """A new version of `name` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: bump_now(name))


def bump_on_writes(name: str, models: Iterable[type[Model]]) -> None:
    """`bump_after_commit(name)` after every save or delete of a row of `models` (called from
    AppConfig.ready(); connecting twice is harmless). A bulk `update()` sends no signal: the
    entries' own expiry covers it."""

    def receiver(sender: Any, **kwargs: Any) -> None:
        bump_after_commit(name)

    for model in models:
        uid = f"cache_versions:{name}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")


def cache_key(name: str) -> str:
    """The cache key holding the version of `name`, for a caller that reads it in one
    `get_many` with the entries it guards (a missing key there means version 1)."""
    return _key(name)
