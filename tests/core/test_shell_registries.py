"""The portal shell is composed by registration: panels with a function(user) -> context or None,
and the apps' parts of the public pages (core imports no domain app)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.core import home
from tests.world import make_user

pytestmark = pytest.mark.django_db


def _mine(user: AnyUser) -> dict | None:
    email = getattr(user, "email", "")
    return {"email": email} if email.startswith("si") else None


def test_a_user_panel_shows_with_its_context_and_hides_on_none(monkeypatch, reference) -> None:
    monkeypatch.setattr(home, "_PANELS", {})
    home.register_user_panel(
        key="x-mine",
        template="xapp/_mine.html",
        order=10,
        context=_mine,
    )
    request = RequestFactory().get("/")
    request.user = make_user("si.pannello@example.org")
    assert home.home_panels(request) == [
        {"key": "x-mine", "template": "xapp/_mine.html", "context": {"email": request.user.email}}
    ]
    request.user = make_user("no.pannello@example.org")
    assert home.home_panels(request) == []


def test_the_public_pages_are_composed_from_what_the_apps_register(reference) -> None:
    home_page = home.page_context("home")
    assert {"azioni", "agencies", "zones", "quartieri_count", "punti"} <= set(home_page)
    assert home_page["quartieri_count"] == 33
    assert set(home.page_context("programma")) == {"azioni", "agencies"}
    assert set(home.page_context("territorio")) == {"zones", "punti"}
