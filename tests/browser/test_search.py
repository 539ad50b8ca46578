"""In a real browser: the header search box finds grouped results with a highlighted snippet,
and a misspelled word offers "Forse cercavi" whose link searches again (issue 15.1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from agencies import models as am
from citta_del_noi.search.services import refresh_vocabulary

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="suggestions are PostgreSQL's"),
]


def test_header_search_and_did_you_mean(page, world) -> None:
    am.NewsItem.objects.create(
        title="Ginnastica dolce per anziani",
        summary="Incontri settimanali al parco",
        body="b",
        published_on=timezone.localdate(),
        published=True,
    )
    refresh_vocabulary()

    page.goto("/")
    page.locator("#portal-search-q").fill("ginnastica")
    page.locator("#portal-search-q").press("Enter")
    page.wait_for_url("**/cerca/?q=ginnastica")
    page.get_by_role("heading", name="Notizie").wait_for()
    assert page.get_by_role("link", name="Ginnastica dolce per anziani").is_visible()
    assert page.locator(".search-results mark").first.inner_text().lower() == "ginnastica"

    page.locator("#portal-search-q").fill("ginastica")
    page.locator("#portal-search-q").press("Enter")
    page.wait_for_url("**/cerca/?q=ginastica")
    suggestion = page.locator(".search-suggestions")
    assert "Forse cercavi" in suggestion.inner_text()
    suggestion.get_by_role("link", name="ginnastica").click()
    page.wait_for_url("**/cerca/?q=ginnastica")
    page.get_by_role("link", name="Ginnastica dolce per anziani").wait_for()
