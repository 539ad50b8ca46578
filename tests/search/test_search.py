"""The portal search (issue 15.1): grouped results filtered by the viewer's selectors, the
header box on every page, Italian stemming and accents on PostgreSQL, bounded queries."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import models as am
from bilancio_sociale.models import Edition, EditionStatus
from cantieri.models import ActivityStatus
from citta_del_noi.search import engine, registry
from consigli.models import AgendaItem, Consiglio, Decision, Meeting, MeetingStatus
from tests.cantieri.factories import record

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text search is PostgreSQL's"
)


def client_for(world, role: str) -> Client:
    c = Client()
    user = world.user(role)
    if user is not None:
        c.force_login(user)
    return c


def search(world, role: str, q: str, **extra: str) -> str:
    response = client_for(world, role).get(reverse("search:search"), {"q": q, **extra})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def things(world) -> dict:
    today = timezone.localdate()
    record(world.org_a, title="Orto zafferano bozza", status=ActivityStatus.DRAFT)
    record(world.org_b, title="Orto zafferano inviato", status=ActivityStatus.SUBMITTED)
    am.NewsItem.objects.create(
        title="Zafferano notizia pubblicata",
        summary="s",
        body="b",
        published_on=today,
        published=True,
    )
    am.NewsItem.objects.create(
        title="Zafferano notizia nascosta", summary="s", body="b", published_on=today
    )
    Edition.objects.create(
        slug="zafferano-2030",
        title="Bilancio zafferano bozza",
        period_start=date(2030, 1, 1),
        period_end=date(2030, 12, 31),
        status=EditionStatus.DRAFT,
    )
    consiglio = Consiglio.objects.get(slug="indirizzo")
    meeting = Meeting.objects.create(
        consiglio=consiglio,
        title="Riunione zafferano annullata",
        starts_at=timezone.now() - timedelta(days=3),
        status=MeetingStatus.CANCELLED,
    )
    item = AgendaItem.objects.create(meeting=meeting, title="Punto riservato", confidential=True)
    Decision.objects.create(agenda_item=item, text="Decisione zafferano riservata")
    return {}


def test_header_search_box_on_every_page(client, world) -> None:
    for url in (reverse("core:home"), reverse("agencies:news_list")):
        html = client.get(url).content.decode()
        assert 'action="/cerca/"' in html
        assert 'for="portal-search-q"' in html  # a label, not only a placeholder


def test_anonymous_finds_only_public_things(world, things) -> None:
    html = search(world, "anonymous", "zafferano")
    assert "Zafferano notizia pubblicata" in html
    for hidden in (
        "Orto zafferano bozza",
        "Orto zafferano inviato",
        "Zafferano notizia nascosta",
        "Bilancio zafferano bozza",
        "Riunione zafferano annullata",
        "Punto riservato",
    ):
        assert hidden not in html


def test_partner_never_finds_another_partners_records(world, things) -> None:
    html = search(world, "partner_a", "zafferano")
    assert "Orto zafferano bozza" in html
    assert "Orto zafferano inviato" not in html
    html = search(world, "partner_b", "zafferano")
    assert "Orto zafferano inviato" in html
    assert "Orto zafferano bozza" not in html


def test_staff_finds_everything(world, things) -> None:
    html = search(world, "staff", "zafferano")
    for shown in (
        "Orto zafferano bozza",
        "Orto zafferano inviato",
        "Bilancio zafferano bozza",
        "Riunione zafferano annullata",
        "Punto riservato",
    ):
        assert shown in html


def test_one_kind_paged(world) -> None:
    for i in range(25):
        record(world.org_a, title=f"Cucina solidale {i}", status=ActivityStatus.APPROVED)
    html = search(world, "staff", "cucina")
    assert "Vedi tutti" in html and "tipo=attivita" in html
    assert html.count("Cucina solidale") == 5
    html = search(world, "staff", "cucina", tipo="attivita")
    assert html.count("Cucina solidale") == 20
    html = search(world, "staff", "cucina", tipo="attivita", pagina="2")
    assert html.count("Cucina solidale") == 5


def test_the_snippet_is_escaped(world) -> None:
    record(world.org_a, title="Teatro <script>alert(1)</script> ragazzi")
    html = search(world, "partner_a", "teatro")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_bounded_queries(world, things, django_assert_max_num_queries) -> None:
    c = client_for(world, "staff")
    c.get(reverse("core:home"))  # session and caches warm
    # every kind in one search query (tests/search/test_search_links.py counts it per role)
    with django_assert_max_num_queries(13):
        c.get(reverse("search:search"), {"q": "zafferano"})


@postgres_only
def test_italian_stemming_and_accents(world) -> None:
    # PostgreSQL's Snowball stemmer: bambini/bambino → bambin, anziani/anziane → anzian
    # (but anziano → anzi: a quirk of the Italian Snowball rules, see README).
    record(world.org_a, title="Merenda con un bambino del quartiere")
    record(world.org_a, title="Ginnastica per anziane")
    record(world.org_a, title="Attività di quartiere al parco")
    html = search(world, "partner_a", "bambini")
    assert "Merenda con un bambino del quartiere" in html
    html = search(world, "partner_a", "anziani")
    assert "Ginnastica per anziane" in html
    html = search(world, "partner_a", "attivita parco")
    assert "Attività di quartiere al parco" in html
    assert "<mark>" in html  # highlighted snippet


def _scans(qs, table: str, *off: str) -> list[dict]:
    """The plan's nodes that read `table` or an index (seqscan disabled: with a few rows the
    planner would rightly prefer one, and falls back to it only when no index can serve;
    `off`: more plan kinds disabled)."""
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for kind in ("seqscan", *off):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans: list[dict] = []

    def walk(node: dict) -> None:
        if node.get("Relation Name") == table or "Index Name" in node:
            scans.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return scans


@postgres_only
def test_activity_search_uses_the_index(world) -> None:
    """No sequential scan of the activity table: the GIN index on the search document serves
    the match."""
    record(world.org_a, title="Orto sociale")
    provider = registry.provider("attivita")
    assert provider is not None
    qs = engine._matches(provider, world.user("staff"), "orto").order_by("-search_rank")[:6]
    scans = _scans(qs, "cantieri_activityrecord")
    assert all(n["Node Type"] != "Seq Scan" for n in scans), scans
    assert any(n.get("Index Name") == "act_search_doc" for n in scans), scans


@postgres_only
@pytest.mark.parametrize("role", ["staff", "staff_zone"])
def test_every_roles_activity_branch_can_use_the_index(world, role: str) -> None:
    """The grouped page's activity branch with the staff's visibility filters (none; the zone
    set overlap `zone_ids && ARRAY[…]` or city-wide for staff of one zone): no Seq Scan once the
    planner may avoid one, the GIN index serves the match. Partners' and council members'
    filters have their own indexes (organisation, status), which a tiny test table prefers; at
    1,000,000 records the plan is a BitmapAnd with act_search_doc (bench/search/run.py
    --explain, bench/README.md). With real statistics the planner still reads a common word's
    first matches in table order when the filter keeps most rows: a LIMIT over ~1,000 rows,
    cheaper than the GIN's ~100,000 entries."""
    record(world.org_a, title="Orto sociale", status=ActivityStatus.APPROVED)
    provider = registry.provider("attivita")
    assert provider is not None
    qs = engine._branch(provider, world.user(role), "orto", 0, 5, engine.GROUPED_COUNT_CAP)
    # plain index scans off too: a few rows would be read by the organisation's or the
    # status's index with the match as a filter, which proves nothing about the search index
    scans = _scans(qs, "cantieri_activityrecord", "indexscan")
    assert all(n["Node Type"] != "Seq Scan" for n in scans), scans
    assert any(n.get("Index Name") == "act_search_doc" for n in scans), scans


@postgres_only
def test_service_unit_search_uses_the_index(world) -> None:
    """The largest table after the activities that the page of every kind searches."""
    provider = registry.provider("servizi")
    assert provider is not None
    qs = engine._matches(provider, world.user("anonymous"), "centro").order_by("-search_rank")[:6]
    # plain index scans off too: a few rows in name order would otherwise be read by the name
    # index with the match as a filter, which proves nothing about the search index
    scans = _scans(qs, "agencies_serviceunit", "indexscan")
    assert any(n.get("Index Name") == "svc_search_doc" for n in scans), scans
