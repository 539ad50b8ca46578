"""Agency referents reach only their agency's tools; staff reach all; citizens only
published content."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from agencies.tools import TOOLS

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_agency_referent_reaches_only_own_agency_tools(world) -> None:
    client = _client(world.users["agency"])
    for key, tool in TOOLS.items():
        expected = 200 if tool.agency == "conoscenza" else 403
        assert client.get(reverse("agencies:tool_list", args=[key])).status_code == expected, key
        if key != "contributi":
            response = client.get(reverse("agencies:tool_create", args=[key]))
            assert response.status_code == expected, key


def test_agency_referent_cannot_edit_another_agencys_record(world) -> None:
    client = _client(world.users["agency"])
    url = reverse("agencies:tool_edit", args=["tappe", world.milestone.pk])
    response = client.post(url, {"title": "Cambiata"})
    assert response.status_code == 403
    world.milestone.refresh_from_db()
    assert world.milestone.title == "Tappa di prova"


def test_staff_reach_every_tool_form(world) -> None:
    client = _client(world.users["staff"])
    for key in TOOLS:
        assert client.get(reverse("agencies:tool_list", args=[key])).status_code == 200, key
        if key != "contributi":
            assert client.get(reverse("agencies:tool_create", args=[key])).status_code == 200, key


def test_citizens_get_404_on_unpublished_content(world, client) -> None:
    assert (
        client.get(reverse("agencies:news_detail", args=[world.news_hidden.pk])).status_code == 404
    )
    assert (
        client.get(reverse("agencies:event_detail", args=[world.event_hidden.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("agencies:call_public_detail", args=[world.call_draft.pk])).status_code
        == 404
    )


def test_evaluator_sees_only_assigned_applications(world) -> None:
    other = _client(world.users["partner_b"])
    assert (
        other.get(reverse("agencies:evaluation_score", args=[world.assignment.pk])).status_code
        == 404
    )
    mine = _client(world.users["council"])
    page = mine.get(reverse("agencies:evaluations")).content.decode()
    assert "Domanda riservata di Alfa" in page
    assert "Domanda di Beta" not in page


def test_referent_edits_own_agency_record(world) -> None:
    client = _client(world.users["agency"])
    url = reverse("agencies:tool_edit", args=["bisogni", world.need.pk])
    response = client.post(
        url,
        {
            "title": "Bisogno aggiornato",
            "target_group": world.need.target_group_id,
            "quartieri": [world.quartiere.pk],
            "source": "indagine",
            "evidence": "nuova evidenza",
            "identified_on": "2024-03-01",
            "reason": "risorse",
            "published": "on",
        },
    )
    assert response.status_code == 302
    world.need.refresh_from_db()
    assert world.need.title == "Bisogno aggiornato"
    assert world.need.reason == "risorse"
