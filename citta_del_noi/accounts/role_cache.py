"""The viewer's roles kept between requests (issue 14: per-request overhead).

roles.py and the apps' selectors memoise each role lookup on the user object (`_cdn_*`
attributes: group names, staff zones, memberships, council seats, agency referents, two-factor),
which lasts one request. `RoleCacheMiddleware` carries those attributes over to the next request
of the same user through the shared cache, so a page does not repeat 4–7 role queries.

Correctness:
- the key holds a global version, bumped (after commit) whenever any row that a role derives from
  changes: apps register the models and many-to-many relations with `watch()` /
  `watch_m2m()` in AppConfig.ready(); a snapshot is stored under the version read at the start
  of the request, so one computed before a write is never served after it;
- the key holds today's date, because council terms start and end by date;
- the bulk writes of the role rows bump it too: their models use common/role_rows.py's
  queryset (a bulk `update()`/`bulk_create()` sends no signal); entries expire after
  ROLE_CACHE_SECONDS anyway (a write outside those querysets is seen within that time); 0
  turns the cache off. It is on only with a cache shared by every web process (Redis): a
  per-process cache would not see another process's version bump.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from citta_del_noi.common import cache_versions
from citta_del_noi.common.role_rows import ROLES_VERSION

VERSION_NAME = ROLES_VERSION
PREFIX = "_cdn_"


def _seconds() -> int:
    return int(getattr(settings, "ROLE_CACHE_SECONDS", 0))


def enabled() -> bool:
    """Whether role snapshots (and what derives from them, e.g. the header's navigation) may
    be kept between requests."""
    return _seconds() > 0


def seconds() -> int:
    return _seconds()


def version() -> int:
    return cache_versions.current(VERSION_NAME)


def bump() -> None:
    """Every cached role snapshot is stale from the commit of the current transaction on."""
    cache_versions.bump_after_commit(VERSION_NAME)


def _key(user_pk: Any, ver: int) -> str:
    return f"accounts:roles:v{ver}:u{user_pk}:{timezone.localdate().isoformat()}"


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    bump()


def watch(model: type[Model]) -> None:
    """Roles derive from rows of `model`: a save or delete makes every snapshot stale."""
    uid = f"role_cache:{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=uid + ":save")
    post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ":delete")


def watch_m2m(through: type[Model]) -> None:
    """Roles derive from a many-to-many relation (its `through` model)."""
    uid = f"role_cache:{through._meta.label}"
    m2m_changed.connect(_on_change, sender=through, dispatch_uid=uid)


def _snapshot(user: Any) -> dict[str, Any]:
    return {k: v for k, v in user.__dict__.items() if k.startswith(PREFIX)}


class RoleCacheMiddleware:
    """After AuthenticationMiddleware: restores the user's role attributes before the view,
    stores what the request computed after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _seconds() <= 0 or not request.session.get("_auth_user_id"):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return self.get_response(request)
        # the real user object behind request.user's lazy wrapper: the attributes live there
        user = getattr(request.user, "_wrapped", request.user)
        ver = version()
        request._cdn_role_version = ver  # type: ignore[attr-defined]  # core/navigation.py
        key = _key(user.pk, ver)
        stored = cache.get(key) or {}
        for name, value in stored.items():
            user.__dict__.setdefault(name, value)
        response = self.get_response(request)
        if getattr(getattr(request, "user", None), "_wrapped", None) is user:
            now = _snapshot(user)
            if now and now != stored and not any(k not in now for k in stored):
                cache.set(key, now, _seconds())
        return response
