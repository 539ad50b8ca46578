"""Panels of the role home page (bounded queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from citta_del_noi.accounts import roles

from . import rules, selectors
from .tools import tools_for_agency
from .work_selectors import open_work_of


def agency_panel(request: HttpRequest) -> dict:
    agencies = [
        {"agency": a, "tools": tools_for_agency(a.slug), "open_work": open_work_of(a.slug)}
        for a in selectors.agencies_public()
        if rules.can_manage(request.user, a.slug)
        and (not roles.is_comune_staff(request.user) or a.pk in roles.agency_ids(request.user))
    ]
    return {"agencies": agencies, "is_staff": roles.is_comune_staff(request.user)}


def calls_panel(request: HttpRequest) -> dict:
    return {
        "calls": list(selectors.calls_public().filter(status="pubblicato")[:5]),
        "applications": list(selectors.applications_of_user(request.user)[:5]),
        # The link to the applications is shown only to whoever the view lets in.
        "can_apply": rules.can_apply(request.user),
    }


def evaluations_panel(request: HttpRequest) -> dict:
    return {"assignments": list(selectors.assignments_for_evaluator(request.user)[:10])}


def has_assignments(user: Any) -> bool:
    return bool(user.is_authenticated and selectors.assignments_for_evaluator(user).exists())
