"""The base layout: language, landmarks, navigation by role, footer, no unsafe templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_public_home_has_landmarks_and_one_h1(client, reference) -> None:
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="it"' in body
    assert body.count("<h1") == 1
    assert 'href="#contenuto"' in body and '<main id="contenuto"' in body
    assert 'aria-label="Navigazione principale"' in body
    for name in ("core:accessibilita", "core:privacy", "core:note_legali"):
        assert f'href="{reverse(name)}"' in body
    # The mobile menu uses Bootstrap Italia's collapsible navbar, driven by its bundle.
    assert 'data-bs-toggle="navbarcollapsible"' in body and 'class="navbar-collapsable"' in body
    assert "<script>" not in body and "onclick" not in body


def test_public_home_presents_the_programme(client, reference) -> None:
    body = client.get(reverse("core:home")).content.decode()
    assert "Le sette azioni" in body and "Le cinque agenzie" in body
    assert "Zona Nord" in body and "Mompiano" in body
    assert "Punti Comunità" in body


def test_language_switch_to_english(client, reference) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body
    assert 'value="en" selected' in body


def test_navigation_depends_on_the_role(client, world) -> None:
    anonymous = client.get("/").content.decode()
    assert "Amministrazione dati" not in anonymous and "La mia area" not in anonymous
    assert 'href="/account/login/"' in anonymous
    client.force_login(world.users["partner_a"])
    partner = client.get("/").content.decode()
    assert "La mia area" in partner and "Amministrazione dati" not in partner
    client.force_login(world.users["staff"])
    assert "Amministrazione dati" in client.get("/").content.decode()


def test_messages_are_escaped(client, reference) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.INFO, "<b>grassetto</b>")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    body = client.get("/").content.decode()
    assert "&lt;b&gt;grassetto&lt;/b&gt;" in body and "<b>grassetto</b>" not in body


def test_no_template_disables_escaping() -> None:
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\|\s*safe\b|autoescape\s+off", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"|safe o autoescape off in: {offenders}"


def test_error_pages_use_the_portal_layout(client, reference) -> None:
    response = client.get("/pagina-che-non-esiste/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina non trovata" in body and '<main id="contenuto"' in body
    assert body.count("<h1") == 1


def test_server_error_page_renders_without_a_request_context() -> None:
    """500.html has the layout now (citta_del_noi/core/errors.py); when the layout cannot be
    rendered, the handler falls back to this page, which needs no request context."""
    from django.template.loader import render_to_string

    body = render_to_string("error_minimal.html", {"title": "Errore del servizio", "status": 500})
    assert "Errore del servizio" in body and '<html lang="it">' in body
