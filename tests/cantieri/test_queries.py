"""List pages run a pinned number of queries with 1,000 records in the database."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from cantieri.demo import Generator, bulk_insert

from .factories import period

pytestmark = pytest.mark.django_db


@pytest.fixture
def thousand(world) -> None:
    rp = period()
    gen = Generator(random.Random(1), [rp])
    gen.orgs = [world.org_a.pk, world.org_b.pk]
    bulk_insert(gen, 1000)
    # The summary tables are kept fresh by the beat task; pages read them (the indicators).
    from cantieri import summary

    summary.ensure_fresh(force=True)


PAGES = [
    ("cantieri:activity_list", {}, ""),
    ("cantieri:activity_list", {}, "?status=approved&pagina=2"),
    ("cantieri:review_queue", {}, ""),
    ("cantieri:coverage", {}, ""),
    ("cantieri:indicator_list", {}, ""),
    ("cantieri:period_list", {}, ""),
    ("cantieri:organization_detail", {"slug": "coop-alfa"}, ""),
]


# The exact number of queries of each page, per role (PAGES order). A change shows the SQL it
# adds or removes: run the failing test with -v. A partner's coverage page aggregates the
# viewer's own records beside the cell totals (the others' share passes the disclosure
# control); a zone-limited staff member's pages add the zone filter, not queries.
# The coverage page (4th) sums the coverage groups (cantieri/coverage.py): one query for the
# matrix, one more for a partner's own part.
# The filter drop-downs' options come from a cache (cantieri/filter_options.py): the first page
# with filters reads them (4 queries), the next ones none.
PINS: dict[str, tuple[int, ...]] = {
    "staff": (16, 12, 12, 12, 14, 10, 17),
    "staff_zone": (16, 12, 12, 12, 14, 10, 17),
    "partner_a": (15, 11, 8, 15, 13, 8, 16),
    "council": (15, 11, 8, 14, 13, 8, 9),
    "agency": (15, 11, 8, 14, 13, 8, 9),
}


@pytest.mark.parametrize("role", sorted(PINS))
def test_list_pages_query_count(world, thousand, role, django_assert_num_queries) -> None:
    client = Client()
    client.force_login(world.users[role])
    for (name, kwargs, query), pin in zip(PAGES, PINS[role], strict=True):
        url = reverse(name, kwargs=kwargs) + query
        with django_assert_num_queries(pin):
            response = client.get(url)
        assert response.status_code in (200, 403, 404), url


def test_export_query_count(world, thousand, django_assert_num_queries) -> None:
    client = Client()
    client.force_login(world.users["staff"])
    with django_assert_num_queries(9):
        response = client.get(reverse("cantieri:activity_export", args=["xlsx"]))
    assert response.status_code == 200
