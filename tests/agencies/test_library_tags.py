"""The library's comma-separated tags become the document's tags when the tool saves it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from agencies import models as m

pytestmark = pytest.mark.django_db


def _data(**over) -> dict:
    data = {
        "kind": "ricerca",
        "title": "Abitare da anziani",
        "authors": "Osservatorio",
        "year": 2024,
        "summary": "Sintesi.",
        "url": "",
        "published": "on",
        "tags_text": "anziani, Abitare , anziani,",
    }
    return data | over


def test_tags_are_created_once_and_follow_each_edit(world) -> None:
    client = Client()
    client.force_login(world.users["agency"])  # referent of the knowledge agency
    response = client.post(reverse("agencies:tool_create", args=["biblioteca"]), _data())
    assert response.status_code == 302
    doc = m.LibraryDocument.objects.get(title="Abitare da anziani")
    assert sorted(doc.tags.values_list("slug", flat=True)) == ["abitare", "anziani"]
    response = client.post(
        reverse("agencies:tool_edit", args=["biblioteca", doc.pk]), _data(tags_text="abitare")
    )
    assert response.status_code == 302
    assert list(doc.tags.values_list("slug", flat=True)) == ["abitare"]
    assert m.Tag.objects.filter(slug="anziani").count() == 1
