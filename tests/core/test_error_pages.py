"""Friendly Italian error pages with the portal's layout: 400, 403, 404, 413, 500 (issue 12,
point 6). 413: a request body over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django answers with a
bare 400 by default."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from citta_del_noi.core.errors import server_error

pytestmark = pytest.mark.django_db

LAYOUT = 'href="#contenuto"'  # the skip link of base.html: the page has the portal's layout


def _assert_page(response, status: int, title: str) -> str:
    body = response.content.decode()
    assert response.status_code == status
    assert title in body
    assert 'lang="it"' in body
    return body


def test_404_in_italian_with_the_layout(client) -> None:
    body = _assert_page(client.get("/pagina-che-non-esiste/"), 404, "Pagina non trovata")
    assert LAYOUT in body


def test_403_in_italian_with_the_layout(world) -> None:
    client = Client()
    client.force_login(world.users["partner_a"])
    body = _assert_page(client.get("/bilancio-sociale/gestione/"), 403, "Accesso non consentito")
    assert LAYOUT in body


def test_400_in_italian(client) -> None:
    # A Host header that is not ours: Django refuses it (SuspiciousOperation, 400).
    response = client.get("/", HTTP_HOST="attaccante.example")
    _assert_page(response, 400, "Richiesta non valida")


def test_413_for_a_request_body_too_large(client, settings) -> None:
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/account/login/", {"login": too_big, "password": "x"})
    body = _assert_page(response, 413, "Richiesta troppo grande")
    assert "nulla è stato salvato" in body
    assert LAYOUT in body


def test_500_in_italian_with_the_layout(world) -> None:
    request = RequestFactory().get("/")
    request.user = world.users["partner_a"]
    body = _assert_page(server_error(request), 500, "Errore del servizio")
    assert LAYOUT in body


def broken_processor(request) -> dict:
    raise RuntimeError("database down")


def test_500_falls_back_to_a_plain_page_when_the_layout_fails(settings) -> None:
    import copy

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(
        "tests.core.test_error_pages.broken_processor"
    )
    settings.TEMPLATES = templates
    body = _assert_page(server_error(RequestFactory().get("/")), 500, "Errore del servizio")
    assert LAYOUT not in body and "Vai alla pagina iniziale" in body
