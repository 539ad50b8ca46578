"""Navigation by role. Apps register their menu entries in AppConfig.ready().

    from citta_del_noi.core.navigation import NavEntry, register
    register(NavEntry("cantieri:activity_list", _("Attività"), order=20, visible=is_partner))

`visible` takes the user and returns whether the entry shows: it must be the view's own rule,
so that a link is shown only if it opens for that user. Public entries use `public=True` and
form the header menu. The reserved area is one "La mia area" menu, grouped by task (Attività,
Consigli, Agenzie, Bilancio, Amministrazione) with at most MAX_MENU_ENTRIES links per role;
`secondary=True` entries stay out of that menu and appear in their group's tab bar on the
group's pages (core/_group_nav.html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts.roles import AnyUser

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


def entries_for(user: AnyUser, *, public: bool) -> list[dict]:
    return [
        {"url": url, "label": entry.label, "url_name": entry.url_name, "group": entry.group_key}
        for entry, url in _visible(user, public=public)
    ]


def menu_for(user: AnyUser) -> list[dict]:
    """The "La mia area" menu: task groups, each with its entries shown in the menu (`entries`)
    and all its entries for the group's tab bar (`tabs`). The home of the area is not listed:
    it is the menu's own first link."""
    groups: dict[str, dict] = {
        key: {"key": key, "label": label, "entries": [], "tabs": []} for key, label in GROUPS
    }
    for entry, url in _visible(user, public=False):
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
