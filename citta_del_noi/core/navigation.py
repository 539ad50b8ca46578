"""Navigation by role. Apps register their menu entries in AppConfig.ready().

    from citta_del_noi.core.navigation import NavEntry, register
    register(NavEntry("cantieri:activity_list", _("Attività"), order=20, visible=is_partner))

`visible` takes the user and returns whether the entry shows: it must be the view's own rule,
so that a link is shown only if it opens for that user. Public entries use `public=True` and
form the header menu. The reserved area is one "La mia area" menu, grouped by task (Attività,
Consigli, Agenzie, Bilancio, Amministrazione) with at most MAX_MENU_ENTRIES links per role;
`secondary=True` entries stay out of that menu and appear in their group's tab bar on the
group's pages (core/_group_nav.html).

Per request (issue 14, per-request overhead): `navigation_for(request)` walks the entries once
and memoises the result on the request; with the role cache on (accounts/role_cache.py, a cache
shared by every web process) the result is kept in the shared cache under the viewer's role
snapshot: the role_cache version, the user id and the user's own flags, the date (council terms)
and the language, so a role change shows the new menu on the next request and no user ever gets
another user's menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts import role_cache, roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common import cache_prefetch

MAX_MENU_ENTRIES = 7

# Task groups of "La mia area", in menu order; an entry's group defaults from its URL namespace.
GROUPS: list[tuple[str, str | Promise]] = [
    ("attivita", _("Attività")),
    ("consigli", _("Consigli")),
    ("agenzie", _("Agenzie")),
    ("bilancio", _("Bilancio")),
    ("amministrazione", _("Amministrazione")),
]
_NAMESPACE_GROUP = {
    "cantieri": "attivita",
    "consigli": "consigli",
    "cruscotto": "consigli",
    "agencies": "agenzie",
    "bilancio_sociale": "bilancio",
}


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    order: int = 50
    visible: Callable[[AnyUser], bool] | None = None
    public: bool = False
    group: str = ""
    secondary: bool = False

    @property
    def group_key(self) -> str:
        if self.group:
            return self.group
        return _NAMESPACE_GROUP.get(self.url_name.partition(":")[0], "amministrazione")


_ENTRIES: dict[str, NavEntry] = {}
# Pages reached from their group's tab bar rather than from the menu (kept out of the menu so
# that no role sees more than MAX_MENU_ENTRIES links there).
SECONDARY = {
    "cantieri:coverage",
    "cantieri:indicator_list",
    "cantieri:import_upload",
    "cantieri:period_list",
    "cruscotto:index",
}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.url_name] = entry


def _visible(user: AnyUser, *, public: bool) -> list[tuple[NavEntry, str]]:
    out = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, str(e.label))):
        if entry.public != public:
            continue
        if entry.visible is not None and not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        out.append((entry, url))
    return out


def _entry_dicts(visible: list[tuple[NavEntry, str]]) -> list[dict]:
    return [
        {"url": url, "label": entry.label, "url_name": entry.url_name, "group": entry.group_key}
        for entry, url in visible
    ]


def entries_for(user: AnyUser, *, public: bool) -> list[dict]:
    return _entry_dicts(_visible(user, public=public))


def _menu(visible: list[tuple[NavEntry, str]]) -> list[dict]:
    """The "La mia area" menu: task groups, each with its entries shown in the menu (`entries`)
    and all its entries for the group's tab bar (`tabs`). The home of the area is not listed:
    it is the menu's own first link."""
    groups: dict[str, dict] = {
        key: {"key": key, "label": label, "entries": [], "tabs": []} for key, label in GROUPS
    }
    for entry, url in visible:
        if entry.url_name == "core:area_riservata":
            continue
        item = {"url": url, "label": entry.label, "url_name": entry.url_name}
        group = groups.setdefault(
            entry.group_key,
            {"key": entry.group_key, "label": entry.group_key, "entries": [], "tabs": []},
        )
        group["tabs"].append(item)
        if not (entry.secondary or entry.url_name in SECONDARY):
            group["entries"].append(item)
    return [g for g in groups.values() if g["tabs"]]


def _compute(user: AnyUser) -> dict[str, Any]:
    """Everything the header needs, labels as text in the active language (cacheable)."""
    private = _visible(user, public=False) if user.is_authenticated else []
    public_nav = _entry_dicts(_visible(user, public=True))
    user_nav = _entry_dicts(private)
    user_menu = _menu(private)
    for item in public_nav + user_nav:
        item["label"] = str(item["label"])
    for group in user_menu:
        group["label"] = str(group["label"])
        for item in group["tabs"]:  # `entries` holds the same dicts
            item["label"] = str(item["label"])
    return {
        "public_nav": public_nav,
        "user_nav": user_nav,
        "user_menu": user_menu,
        "user_role_labels": roles.role_labels(user) if user.is_authenticated else [],
    }


def _cache_key(request: HttpRequest, user: AnyUser) -> str:
    ver = getattr(request, "_cdn_role_version", None)
    if ver is None:
        ver = role_cache.version()
    if user.is_authenticated:
        # the user's own flags are not role rows (role_cache does not watch the user table)
        who = f"u{user.pk}:{int(user.is_staff)}{int(user.is_superuser)}{int(user.is_active)}"
    else:
        who = "anon"
    return (
        f"core:nav:v{ver}:{who}:{get_language()}:{get_script_prefix()}:"
        f"{timezone.localdate().isoformat()}"
    )


def cache_key(request: HttpRequest) -> str | None:
    """The key of this request's navigation in the shared cache: it names everything the menu is
    made from (role version, the user's flags, language, day); None when the navigation is not
    kept between requests (core/viewer_pages.py stamps a stored page with it)."""
    return _cache_key(request, request.user) if role_cache.enabled() else None


def prefetch_keys(request: HttpRequest) -> list[str]:
    """The cache key navigation_for will read, for a page that reads its own entries first
    (common/cache_prefetch.py); none when the navigation is not kept between requests."""
    if not role_cache.enabled() or getattr(request, "_cdn_navigation", None) is not None:
        return []
    return [_cache_key(request, request.user)]


def navigation_for(request: HttpRequest) -> dict[str, Any]:
    """The header's navigation for this request: computed once per request, and kept between
    requests in the shared cache when the role cache is on (see the module docstring)."""
    memo = getattr(request, "_cdn_navigation", None)
    if memo is not None:
        return memo
    user = request.user
    if role_cache.enabled():
        key = _cache_key(request, user)
        memo = cache_prefetch.get(request, key)
        if memo is None:
            memo = _compute(user)
            cache.set(key, memo, role_cache.seconds())
    else:
        memo = _compute(user)
    request._cdn_navigation = memo  # type: ignore[attr-defined]
    return memo
