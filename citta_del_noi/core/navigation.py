"""Navigation by role. Apps register their menu entries in AppConfig.ready().

    from citta_del_noi.core.navigation import NavEntry, register
    register(NavEntry("cantieri:activity_list", _("Attività"), order=20, visible=is_partner))

`visible` takes the user and returns whether the entry shows. Public entries use `public=True`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from citta_del_noi.accounts.roles import AnyUser


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    order: int = 50
    visible: Callable[[AnyUser], bool] | None = None
    public: bool = False


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.url_name] = entry


def entries_for(user: AnyUser, *, public: bool) -> list[dict]:
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
        out.append({"url": url, "label": entry.label, "url_name": entry.url_name})
    return out
