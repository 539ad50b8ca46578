"""Issue 14: no query of the role homes, the public home and the cantiere pages scans the
activity table sequentially, and the Bilancio's pages and the public cantiere page do not read
it at all (they read the snapshot JSON and the summary tables).

Every query a page runs is captured and those that read the activity table are explained on
PostgreSQL with `SET LOCAL enable_seqscan = off` (as tests/cantieri/test_list_performance.py):
with a few hundred records the planner rightly prefers a sequential scan, so it is told not to,
and still falls back to one when no index can serve the query.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bilancio_sociale.models import EditionStatus
from cantieri import summary
from cantieri.demo import Generator, bulk_insert
from cantieri.models import ActivityRecord, Azione
from tests.bilancio_sociale.factories import make_edition
from tests.cantieri.factories import period
from tests.explain import seq_scans

pytestmark = pytest.mark.django_db
TABLE = ActivityRecord._meta.db_table
ROLES = ["staff", "staff_zone", "admin", "partner_a", "council", "agency"]


@pytest.fixture
def hundreds(world) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("the EXPLAIN checks need PostgreSQL (CI_REQUIRE_SERVICES)")
    gen = Generator(random.Random(14), [period()])
    gen.orgs = [world.org_a.pk, world.org_b.pk]
    bulk_insert(gen, 400)
    summary.ensure_fresh(force=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")


def _queries(client: Client, url: str) -> list[str]:
    client.get(url)  # caches as a warm page has them; the checks are about the cold SQL too
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def _cold_queries(client: Client, url: str) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def _seq_scans(sql: str) -> list[dict[str, Any]]:
    return seq_scans(sql, TABLE)


def _reading_activities(queries: list[str]) -> list[str]:
    return [q for q in queries if f'"{TABLE}"' in q and q.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("role", ROLES)
def test_role_home_never_scans_the_activity_table(world, hundreds, role) -> None:
    client = Client()
    client.force_login(world.users[role])
    url = reverse("core:area_riservata")
    reading = _reading_activities(_cold_queries(client, url))
    if role in ("staff", "staff_zone", "admin", "partner_a"):
        assert reading, "the panels of the role read the activity table (review queue, own)"
    for sql in reading:
        assert _seq_scans(sql) == [], sql
    for sql in _reading_activities(_cold_queries(client, reverse("core:home"))):
        assert _seq_scans(sql) == [], sql


def test_public_cantiere_and_bilancio_pages_do_not_read_the_activity_table(world, hundreds) -> None:
    published = make_edition(slug="bs-explain", year=2016, status=EditionStatus.PUBLISHED)
    draft = make_edition(slug="bs-explain-bozza", year=2017, status=EditionStatus.CONSULTATION)
    cantiere = Azione.objects.filter(kind=Azione.Kind.CANTIERE).order_by("number").first()
    assert cantiere is not None
    slug = cantiere.slug
    anonymous = Client()
    public = [
        reverse("core:programma"),
        reverse("agencies:azione_page", args=[slug]),
        reverse("bilancio_sociale:edition_list"),
        reverse("bilancio_sociale:edition_detail", args=[published.slug]),
        reverse("bilancio_sociale:in_breve", args=[published.slug]),
        reverse("bilancio_sociale:open_data", args=[published.slug]),
        reverse("bilancio_sociale:compare"),
        reverse("agencies:news_list"),
        reverse("agencies:event_list"),
        reverse("agencies:call_public_list"),
    ]
    summary.ensure_fresh()  # the summary checked recently, as on a live portal
    for url in public:
        assert _reading_activities(_queries(anonymous, url)) == [], url
    staff = Client()
    staff.force_login(world.users["staff"])
    # The cantiere's documentation lists the published attachments of its records (a join).
    for sql in _reading_activities(
        _queries(anonymous, reverse("cantieri:azione_evidence", args=[slug]))
    ):
        assert _seq_scans(sql) == [], sql
    for url in (
        reverse("bilancio_sociale:staff_list"),
        reverse("bilancio_sociale:staff_detail", args=[published.pk]),
        reverse("bilancio_sociale:preview", args=[draft.pk]),
        reverse("bilancio_sociale:section_preview", args=[draft.pk, "obiettivi-attivita"]),
    ):
        for sql in _reading_activities(_queries(staff, url)):
            assert _seq_scans(sql) == [], (url, sql)
