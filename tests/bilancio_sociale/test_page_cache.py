"""Issue 14: the Bilancio's rendered document is cached (bilancio_sociale/page_cache.py), and
never shown after what it is made of changed: a text saved in the preview, a new version of a
published edition, an earlier edition published beside it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bilancio_sociale import services
from bilancio_sociale.models import EditionStatus

from .factories import make_edition

pytestmark = pytest.mark.django_db


def _previous_line(body: str) -> str:
    """The sentence naming the earlier editions shown beside the figures ("" when none)."""
    found = re.search(r'data-testid="edizioni-precedenti">([^<]*)<', body)
    return found.group(1) if found else ""


def test_preview_shows_a_saved_text_at_once(edition, staff) -> None:
    services.edition_open_consultation(edition=edition, by=staff)
    client = Client()
    client.force_login(staff)
    url = reverse("bilancio_sociale:preview", args=[edition.pk])
    assert "Testo nuovo della città" not in client.get(url).content.decode()
    client.get(url)  # cached
    services.section_text_save(
        edition=edition, section_key="citta", body="Testo nuovo della città.", by=staff
    )
    assert "Testo nuovo della città" in client.get(url).content.decode()


def test_published_page_follows_a_correction_and_earlier_editions(staff) -> None:
    edition = make_edition(slug="bs-2019", year=2019, status=EditionStatus.PUBLISHED, by=staff)
    client = Client()
    url = reverse("bilancio_sociale:edition_detail", args=[edition.slug])
    first = client.get(url).content.decode()
    assert client.get(url).status_code == 200  # now from the cache
    assert "2018" not in _previous_line(first)
    make_edition(slug="bs-2018", year=2018, status=EditionStatus.PUBLISHED, by=staff)
    assert "2018" in _previous_line(client.get(url).content.decode())
    services.edition_publish_correction(
        edition=edition,
        by=staff,
        erratum="Corretto il numero dei quartieri.",
        texts={"citta": "Testo corretto della città."},
    )
    body = client.get(url).content.decode()
    assert "Testo corretto della città." in body


def test_staff_page_of_an_edition_does_not_grow_with_its_versions(
    staff, django_assert_num_queries
) -> None:
    """The PDF build of every version is looked up at once (one query), not one per version."""
    edition = make_edition(slug="bs-2020", year=2020, status=EditionStatus.PUBLISHED, by=staff)
    client = Client()
    client.force_login(staff)
    url = reverse("bilancio_sociale:staff_detail", args=[edition.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    count = len(one.captured_queries)  # now: the next request empties the query log
    assert count > 5
    for i in range(2):
        services.edition_publish_correction(edition=edition, by=staff, erratum=f"Errata {i}.")
    client.get(url)
    with django_assert_num_queries(count):
        body = client.get(url).content.decode()
    assert "Errata 1." in body
