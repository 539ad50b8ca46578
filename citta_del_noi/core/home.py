"""The role home page is made of panels that apps register (one per role-relevant area).

    from citta_del_noi.core.home import HomePanel, register_panel
    register_panel(HomePanel(key="attivita", template="cantieri/_home_panel.html",
                             visible=roles.is_partner, context=panel_context, order=20))

`context(request)` returns the template context of the panel; it must run a bounded number of
queries (it is part of the home page's budget). The shortest form is a function of the user
that returns the panel's context, or None when the panel is not for them:

    register_user_panel(key="bandi", template="agencies/panels/calls.html", order=45,
                        context=lambda user: {...} if roles.is_partner(user) else None)

The public pages of the shell (home, programma, territorio) are composed the same way: each
app adds its part of the page's context with `register_page_context(page, key, function)`.
Core knows no domain app; `lint-imports` checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    # The short form (register_user_panel): the context of the user's panel, None to hide it.
    user_context: Callable[[AnyUser], dict | None] | None = None


_PANELS: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def _always(user: AnyUser) -> bool:
    return True


def register_user_panel(
    *, key: str, template: str, context: Callable[[AnyUser], dict | None], order: int = 50
) -> None:
    """Register a panel whose `context(user)` gives its context, or None when it is hidden."""
    register_panel(
        HomePanel(key=key, template=template, visible=_always, order=order, user_context=context)
    )


_PAGE_CONTEXT: dict[str, dict[str, Callable[[], dict[str, Any]]]] = {}


def register_page_context(page: str, key: str, context: Callable[[], dict[str, Any]]) -> None:
    """Add an app's part to the template context of a public page of the shell."""
    _PAGE_CONTEXT.setdefault(page, {})[key] = context


def page_context(page: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in sorted(_PAGE_CONTEXT.get(page, {})):
        out.update(_PAGE_CONTEXT[page][key]())
    return out


def home_panels(request: HttpRequest) -> list[dict]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.replaced_by_app and _app_has_panel(panel.replaced_by_app):
            continue
        if not panel.visible(request.user):
            continue
        if panel.user_context is not None:
            found = panel.user_context(request.user)
            if found is None:
                continue
            ctx = found
        else:
            ctx = panel.context(request) if panel.context else {}
        out.append({"key": panel.key, "template": panel.template, "context": ctx})
    return out


def _app_has_panel(app: str) -> bool:
    prefix = f"{app}/"
    return any(p.template.startswith(prefix) and not p.replaced_by_app for p in _PANELS.values())
