"""The apps register their API viewsets here in AppConfig.ready(); the api app imports no app.

from citta_del_noi.api.registry import register_viewset
register_viewset("attivita", ActivityViewSet, basename="activity")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Registered:
    prefix: str
    viewset: Any
    basename: str


_VIEWSETS: dict[str, Registered] = {}


def register_viewset(prefix: str, viewset: Any, *, basename: str) -> None:
    _VIEWSETS[basename] = Registered(prefix, viewset, basename)


def registered() -> list[Registered]:
    return sorted(_VIEWSETS.values(), key=lambda r: r.prefix)
