"""The rendered document of the Bilancio's pages, cached on everything it is made of (issue 14).

Building the document from a snapshot's JSON and rendering it costs some 150 ms for a whole
edition, the same for every reader: the pages keep the rendered HTML in the shared cache under
a key made of what the document depends on, so it is never served after one of those changed:

- a published version is immutable (snapshot, texts, erratum, number): its id, with the ids of
  the earlier editions' latest versions shown beside the figures (a correction of one of them
  is a new version, a new key) and their number (setting BILANCIO_PREVIOUS_EDITIONS);
- a staff preview of an edition's current snapshot: the snapshot's id, the texts as they are
  now (read each time, one query) and the earlier versions as above; live data (no snapshot
  taken yet) are never cached;
- the language of the page, and which part of the document (section, variant).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation

from .models import Edition
from .selectors import previous_editions_limit, previous_published

T = TypeVar("T")
CACHE_SECONDS = 24 * 3600
_PREFIX = "bilancio:doc:"


def _previous(edition: Edition) -> list[tuple[int, int]]:
    return [(other.pk, version.pk) for other, version in previous_published(edition)]


def key_for(edition: Edition, *parts: Any) -> str:
    """A key for what the edition's document shows with these `parts` (ids, texts, variant)."""
    what = (
        edition.pk,
        edition.title,
        str(edition.period_start),
        str(edition.period_end),
        parts,
        _previous(edition),
        previous_editions_limit(),
        translation.get_language(),
    )
    return _PREFIX + hashlib.sha256(repr(what).encode()).hexdigest()


def compare_key(versions: str) -> str:
    """The comparison of published versions (immutable): their ids and the language."""
    what = ("compare", versions, translation.get_language())
    return _PREFIX + hashlib.sha256(repr(what).encode()).hexdigest()


def cached(key: str, compute: Callable[[], T]) -> T:
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found
