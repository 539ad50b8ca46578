"""The coverage page's cells, cached on the exact query and on a version of the activity data.

Coverage groups every record the viewer may see (a parallel scan of the table at 1,000,000
records, about a second): the result depends only on the query (viewer scope + filters, all in
its SQL and parameters) and on the activity data. The cache key is a hash of both:

- the query's SQL with its parameters, so two viewers share an entry only when they would run
  the same query (same scope, same filters);
- the data version: a counter bumped after the commit of every write of an activity record
  (`bump_after_commit`: on each save and deletion through the model's signals, which is cache
  upkeep, not a business rule; called explicitly by the bulk paths, bulk create of an import
  and the bulk approval, that send no signal), plus the latest `updated_at` and the highest id
  of the table (two backward index scans, well under a millisecond) as a backstop for a write
  that bypasses both, e.g. from a shell.

So a write is visible on the next request, never after a delay; the entries expire after
COVERAGE_CACHE_SECONDS so that old versions do not pile up in the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Max, QuerySet
from django.db.models.signals import post_delete, post_save

from citta_del_noi.common import cache_versions

from .models import ActivityRecord

COVERAGE_CACHE_SECONDS = 600
VERSION_NAME = "cantieri:activity"


def bump_after_commit() -> None:
    """After the current transaction commits, invalidate every cached coverage entry."""
    cache_versions.bump_after_commit(VERSION_NAME)


def _on_write(sender: Any, **kwargs: Any) -> None:
    bump_after_commit()


def connect() -> None:
    """Called by CantieriConfig.ready()."""
    post_save.connect(_on_write, sender=ActivityRecord, dispatch_uid="cantieri-coverage-save")
    post_delete.connect(_on_write, sender=ActivityRecord, dispatch_uid="cantieri-coverage-del")


def data_version() -> str:
    mark = ActivityRecord.objects.aggregate(u=Max("updated_at"), i=Max("pk"))
    return f"{mark['u']}|{mark['i']}|{cache_versions.current(VERSION_NAME)}"


def cached_cells(
    qs: QuerySet[ActivityRecord],
    zone_ids: list[int],
    compute: Callable[[], dict[tuple[int, str], Any]],
) -> dict[tuple[int, str], Any]:
    """`compute()`'s cells for the records of `qs` over the zones, from the cache when the
    same query already ran on the same data."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. the viewer's own records when they have no organisation
        return compute()
    what = (sql, params, zone_ids, data_version())
    digest = hashlib.sha256(repr(what).encode()).hexdigest()
    key = f"cantieri:coverage:{digest}"
    cells = cache.get(key)
    if cells is None:
        cells = compute()
        cache.set(key, cells, COVERAGE_CACHE_SECONDS)
    return cells
