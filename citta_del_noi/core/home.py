"""The role home page is made of panels that apps register (one per role-relevant area).

    from citta_del_noi.core.home import HomePanel, register_panel
    register_panel(HomePanel(key="attivita", template="cantieri/_home_panel.html",
                             visible=roles.is_partner, context=panel_context, order=20))

`context(request)` returns the template context of the panel; it must run a bounded number of
queries (it is part of the home page's budget).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from citta_del_noi.accounts.roles import AnyUser


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    visible: Callable[[AnyUser], bool]
    context: Callable[[HttpRequest], dict] | None = None
    order: int = 50
    # A fallback panel of core: hidden as soon as the named app registers a panel of its own
    # (recognised by its template folder, e.g. "consigli/").
    replaced_by_app: str | None = None


_PANELS: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def home_panels(request: HttpRequest) -> list[dict]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.replaced_by_app and _app_has_panel(panel.replaced_by_app):
            continue
        if not panel.visible(request.user):
            continue
        ctx = panel.context(request) if panel.context else {}
        out.append({"key": panel.key, "template": panel.template, "context": ctx})
    return out


def _app_has_panel(app: str) -> bool:
    prefix = f"{app}/"
    return any(p.template.startswith(prefix) and not p.replaced_by_app for p in _PANELS.values())
