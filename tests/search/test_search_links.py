"""Every kind's result links to the object's own page (or its row in the only list that shows
it), and the link opens for the viewer who found it (issue 15.1); the grouped page runs one
search query for every role, and its counts come from the same query."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bilancio_sociale.models import Edition, EditionStatus
from cantieri.models import ActivityStatus
from citta_del_noi.search import engine
from consigli.models import AgendaItem, Consiglio, Decision, Meeting, Minutes, MinutesStatus
from tests.cantieri.factories import record

pytestmark = pytest.mark.django_db

# The page of every kind must not grow with the number of kinds: session, user, roles, the
# base template's lookups, ONE search query (PostgreSQL) and the suggestion lookup.
MAX_PAGE_QUERIES = 13


def client_for(world, role: str) -> Client:
    c = Client()
    user = world.user(role)
    if user is not None:
        c.force_login(user)
    return c


def hit_links(html: str) -> dict[str, str]:
    """{title: href} of the results shown."""
    found = re.findall(r'<li class="mb-2"><a href="([^"]+)">([^<]+)</a>', html)
    return {title: href.replace("&amp;", "&") for href, title in found}


def link_of(world, role: str, q: str, title: str, **extra: str) -> str:
    c = client_for(world, role)
    response = c.get(reverse("search:search"), {"q": q, **extra})
    assert response.status_code == 200
    links = hit_links(response.content.decode())
    assert title in links, links
    return links[title]


def opens(world, role: str, href: str) -> str:
    """GET the link as the viewer: 200, and the anchor (if any) is an id on the page."""
    path, _, anchor = href.partition("#")
    response = client_for(world, role).get(path)
    assert response.status_code == 200, (href, response.status_code)
    html = response.content.decode()
    if anchor:
        assert f'id="{anchor}"' in html, anchor
    return html


@pytest.fixture
def council_things(world) -> dict:
    consiglio = Consiglio.objects.get(slug="indirizzo")
    held = timezone.now() - timedelta(days=10)
    meeting = Meeting.objects.create(consiglio=consiglio, title="Riunione girasole", starts_at=held)
    Minutes.objects.create(meeting=meeting, text="Verbale", status=MinutesStatus.APPROVED)
    item = AgendaItem.objects.create(meeting=meeting, title="Orti girasole", position=1)
    decision = Decision.objects.create(agenda_item=item, text="Decisione girasole pubblica")
    return {"meeting": meeting, "decision": decision}


@pytest.mark.parametrize(
    ("q", "title", "page"),
    [
        ("Unità attiva", "Unità attiva", "finder_unit"),
        ("Bisogno pubblico", "Bisogno pubblico di prova", "need"),
        ("Notizia pubblica", "Notizia pubblica", "news"),
        ("Evento pubblico", "Evento pubblico", "event"),
        ("Bando aperto", "Bando aperto", "call_open"),
    ],
)
def test_public_kinds_link_to_their_pages(world, q: str, title: str, page: str) -> None:
    href = link_of(world, "anonymous", q, title)
    obj = getattr(world, page)
    expected = {
        "finder_unit": reverse("finder:unit", args=[obj.pk]),
        "need": f"{reverse('agencies:needs_public')}#bisogno-{obj.pk}",
        "news": reverse("agencies:news_detail", args=[obj.pk]),
        "event": reverse("agencies:event_detail", args=[obj.pk]),
        "call_open": reverse("agencies:call_public_detail", args=[obj.pk]),
    }[page]
    assert href == expected
    html = opens(world, "anonymous", href)
    assert title in html


def test_punto_links_to_its_page(world) -> None:
    href = link_of(world, "anonymous", world.punto.name, world.punto.name)
    assert href == reverse("agencies:punto_page", args=[world.punto.slug])
    opens(world, "anonymous", href)


def test_activity_links_to_its_record(world) -> None:
    rec = record(world.org_a, title="Orto girasole", status=ActivityStatus.SUBMITTED)
    for extra in ({}, {"tipo": "attivita"}):
        href = link_of(world, "partner_a", "girasole", "Orto girasole", **extra)
        assert href == reverse("cantieri:activity_detail", args=[rec.pk])
        opens(world, "partner_a", href)


def test_meeting_links_by_viewer(world, council_things) -> None:
    meeting = council_things["meeting"]
    title = f"Riunione girasole ({timezone.localtime(meeting.starts_at):%d/%m/%Y})"
    # anonymous and partners: the council's public page, at the meeting's row
    href = link_of(world, "anonymous", "riunione girasole", title)
    assert href == f"{reverse('consigli:public_detail', args=['indirizzo'])}#riunione-{meeting.pk}"
    opens(world, "anonymous", href)
    # a member of that council and staff: the meeting's own page
    for role in ("council", "staff"):
        href = link_of(world, role, "riunione girasole", title)
        assert href == reverse("consigli:meeting_detail", args=[meeting.pk])
        opens(world, role, href)


def test_decision_links_by_viewer(world, council_things) -> None:
    decision = council_things["decision"]
    href = link_of(world, "anonymous", "decisione girasole", "Orti girasole")
    assert href == (
        f"{reverse('consigli:public_detail', args=['indirizzo'])}#decisione-{decision.pk}"
    )
    opens(world, "anonymous", href)
    for role in ("council", "staff"):
        href = link_of(world, role, "decisione girasole", "Orti girasole")
        assert href == reverse("consigli:decision_detail", args=[decision.pk])
        opens(world, role, href)


def test_draft_edition_links_to_the_staff_page(world) -> None:
    edition = Edition.objects.create(
        slug="girasole-2031",
        title="Bilancio girasole",
        period_start=date(2031, 1, 1),
        period_end=date(2031, 12, 31),
        status=EditionStatus.DRAFT,
    )
    href = link_of(world, "staff", "girasole", "Bilancio girasole")
    assert href == reverse("bilancio_sociale:staff_detail", args=[edition.pk])
    opens(world, "staff", href)


@pytest.mark.parametrize("role", ["anonymous", "partner_a", "staff_zone", "staff", "council"])
def test_grouped_page_is_one_search_query(
    world, council_things, role: str, django_assert_max_num_queries
) -> None:
    record(world.org_a, title="Orto girasole", status=ActivityStatus.APPROVED)
    c = client_for(world, role)
    c.get(reverse("core:home"))  # session and caches warm
    with CaptureQueriesContext(connection) as ctx:
        html = c.get(reverse("search:search"), {"q": "girasole"}).content.decode()
    assert "Riunione girasole" in html
    assert len(ctx.captured_queries) <= MAX_PAGE_QUERIES, len(ctx.captured_queries)
    if connection.vendor == "postgresql":
        searches = [q for q in ctx.captured_queries if "search_kind" in q["sql"]]
        assert len(searches) == 1
        assert not [
            q for q in ctx.captured_queries if "COUNT(*)" in q["sql"] and "tsquery" in q["sql"]
        ]


def badge(html: str, kind: str) -> str:
    m = re.search(
        rf'id="gruppo-{kind}"[^>]*>.*?<span class="badge[^"]*">([^<]+)</span>', html, re.S
    )
    assert m, kind
    return m.group(1).strip()


def test_grouped_counts_exact_then_capped(world, monkeypatch) -> None:
    monkeypatch.setattr(engine, "GROUPED_COUNT_CAP", 6)
    for i in range(6):
        record(world.org_a, title=f"Girasole {i}", status=ActivityStatus.APPROVED)
    c = client_for(world, "staff")
    html = c.get(reverse("search:search"), {"q": "girasole"}).content.decode()
    assert badge(html, "attivita") == "6"
    assert html.count("Girasole ") == 5 and "Vedi tutti" in html
    record(world.org_a, title="Girasole 6", status=ActivityStatus.APPROVED)
    html = c.get(reverse("search:search"), {"q": "girasole"}).content.decode()
    assert badge(html, "attivita") == "più di 6"


def test_kind_page_counts_beyond_the_ranked_candidates(world, monkeypatch) -> None:
    """A large kind's own page ranks CANDIDATES matches; past them the count is still right."""
    monkeypatch.setattr(engine, "CANDIDATES", 10)
    for i in range(25):
        record(world.org_a, title=f"Girasole {i}", status=ActivityStatus.APPROVED)
    c = client_for(world, "staff")
    html = c.get(reverse("search:search"), {"q": "girasole", "tipo": "attivita"}).content.decode()
    assert badge(html, "attivita") == "25"
    assert html.count("Girasole ") == 20
    html = c.get(
        reverse("search:search"), {"q": "girasole", "tipo": "attivita", "pagina": "2"}
    ).content.decode()
    assert html.count("Girasole ") == 5 and badge(html, "attivita") == "25"
