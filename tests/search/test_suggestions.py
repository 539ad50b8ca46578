""" "Forse cercavi" (issue 15.1): trigram suggestions from a vocabulary of PUBLIC words only."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import models as am
from cantieri.models import ActivityStatus
from citta_del_noi.search import suggest
from citta_del_noi.search.models import SearchTerm
from citta_del_noi.search.services import refresh_vocabulary
from tests.cantieri.factories import record

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's"
)


@pytest.fixture
def vocabulary(world) -> None:
    today = timezone.localdate()
    am.NewsItem.objects.create(
        title="Ginnastica dolce per anziani",
        summary="s",
        body="b",
        published_on=today,
        published=True,
    )
    am.NewsItem.objects.create(
        title="Notizia segretissima", summary="s", body="b", published_on=today
    )
    record(world.org_a, title="Laboratorio clandestino", status=ActivityStatus.DRAFT)
    refresh_vocabulary()


def test_private_titles_never_enter_the_vocabulary(vocabulary) -> None:
    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert {"ginnastica", "anziani"} <= words
    assert "segretissima" not in words  # unpublished news
    assert "clandestino" not in words  # a partner's draft record


def test_command_rebuilds_the_vocabulary(vocabulary) -> None:
    SearchTerm.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_search_vocabulary", stdout=out)
    assert "words" in out.getvalue()
    assert SearchTerm.objects.filter(word="anziani").exists()


@postgres_only
def test_misspelled_word_suggests_the_public_word(world, vocabulary) -> None:
    assert suggest.suggestions("anzani")[0] == "anziani"
    assert suggest.suggestions("ginastica anzani")[0] == "ginnastica anziani"
    assert suggest.suggestions("anziani") == []  # a known word: nothing to suggest
    html = Client().get(reverse("search:search"), {"q": "anzani"}).content.decode()
    assert "Forse cercavi:" in html
    assert 'href="/cerca/?q=anziani"' in html


@postgres_only
def test_a_private_word_is_never_suggested(world, vocabulary) -> None:
    html = Client().get(reverse("search:search"), {"q": "clandestno"}).content.decode()
    assert "clandestino" not in html
    html = Client().get(reverse("search:search"), {"q": "segretisima"}).content.decode()
    assert "segretissima" not in html


@postgres_only
def test_no_suggestion_when_there_are_enough_results(world, vocabulary) -> None:
    for i in range(3):
        record(world.org_a, title=f"Anzani {i}", status=ActivityStatus.APPROVED)
    c = Client()
    c.force_login(world.user("staff"))
    html = c.get(reverse("search:search"), {"q": "anzani"}).content.decode()
    assert "Forse cercavi" not in html


@postgres_only
def test_suggestion_costs_one_query(world, vocabulary, django_assert_max_num_queries) -> None:
    c = Client()
    c.force_login(world.user("staff"))
    c.get(reverse("core:home"))
    with django_assert_max_num_queries(30):
        html = c.get(reverse("search:search"), {"q": "anzani ginastica"}).content.decode()
    assert "Forse cercavi" in html


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_sqlite_gives_no_suggestion(world, vocabulary) -> None:
    html = Client().get(reverse("search:search"), {"q": "anzani"}).content.decode()
    assert "Forse cercavi" not in html
