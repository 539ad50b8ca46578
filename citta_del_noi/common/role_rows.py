"""A queryset for the rows roles derive from (memberships, council seats, evaluator
assignments): its bulk writes make every cached role snapshot stale, as a save does.

A bulk `update()` or `bulk_create()` sends no signal, so accounts/role_cache.py's watchers
cannot see it; this queryset bumps the role version itself (after commit, cache_versions).
`bulk_update()` goes through `update()`; a queryset `delete()` sends post_delete for each row
to the watchers. Lives in the shared layer so that every app's model may use it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from . import cache_versions

# The role snapshots' version counter (accounts/role_cache.py reads the same name).
ROLES_VERSION = "accounts:roles"

M = TypeVar("M", bound=models.Model)


def bump_roles() -> None:
    cache_versions.bump_after_commit(ROLES_VERSION)


class RoleRowsQuerySet(models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        changed = super().update(**kwargs)
        if changed:
            bump_roles()
        return changed

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bump_roles()
        return created
