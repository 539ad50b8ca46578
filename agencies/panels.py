"""Panels of the role home page (bounded queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from citta_del_noi.accounts import roles

from . import rules, selectors
from .tools import tools_for_agency
from .work_selectors import open_work_of_agencies

EVALUATIONS_MAX = 10


def agency_panel(request: HttpRequest) -> dict:
    # The agencies the viewer is a referent of (staff too: they manage every agency, but the
    # panel lists only their own). rules.can_manage holds for these by definition; the ids come
    # from the role lookup the menu has already made (no second lookup of the slugs).
    ids = roles.agency_ids(request.user)
    mine = [a for a in selectors.agencies_public() if a.pk in ids]
    # One query for the open work of every tool of these agencies (not one per tool).
    work = open_work_of_agencies([a.slug for a in mine])
    agencies = [
        {"agency": a, "tools": tools_for_agency(a.slug), "open_work": work.get(a.slug, [])}
        for a in mine
    ]
    return {"agencies": agencies, "is_staff": roles.is_comune_staff(request.user)}


def calls_panel(request: HttpRequest) -> dict:
    return {
        "calls": list(selectors.calls_public().filter(status="pubblicato")[:5]),
        "applications": list(selectors.applications_of_user(request.user)[:5]),
        # The link to the applications is shown only to whoever the view lets in.
        "can_apply": rules.can_apply(request.user),
    }


def _assignments(user: Any) -> list:
    """The evaluator's first assignments, read once per request (the panel's visibility and its
    context share them)."""
    found = getattr(user, "_cdn_home_assignments", None)
    if found is None:
        found = (
            list(selectors.assignments_for_evaluator(user)[:EVALUATIONS_MAX])
            if user.is_authenticated
            else []
        )
        setattr(user, "_cdn_home_assignments", found)  # noqa: B010
    return found


def evaluations_panel(request: HttpRequest) -> dict:
    return {"assignments": _assignments(request.user)}


def has_assignments(user: Any) -> bool:
    return bool(_assignments(user))
