"""The public, read-only API: every role (anonymous too) reads what the public pages show —
never a draft edition, an unpublished news item or event, an inactive service unit, a closed
Punto Comunità or a draft call — through validated filters and a pinned number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import models as am
from bilancio_sociale.models import Edition, EditionStatus
from territori.models import PuntoComunita, Quartiere, ServizioSocialeTerritoriale, Zona
from tests.bilancio_sociale.factories import make_edition
from tests.cantieri.factories import quartiere_in

from .helpers import bearer, call

pytestmark = pytest.mark.django_db


def _get(url: str, **params: Any) -> Any:
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    response = call("get", url)
    assert response.status_code == 200, response.content
    return response.json()


def _names(data: dict, key: str = "name") -> list[Any]:
    return [item[key] for item in data["results"]]


@pytest.fixture
def public(world) -> Any:
    now = timezone.now()
    today = timezone.localdate()
    group = am.WelfareTargetGroup.objects.order_by("order")[0]
    other_group = am.WelfareTargetGroup.objects.order_by("order")[1]
    q_nord = quartiere_in("nord")
    q_sud = quartiere_in("sud")
    unit = am.ServiceUnit.objects.create(
        code="centro-nord", name="Centro Nord", target_group=group, quartiere=q_nord
    )
    am.ServiceUnitYear.objects.create(unit=unit, year=2024, target_group=group)
    am.ServiceUnit.objects.create(
        code="sportello-sud", name="Sportello Sud", target_group=other_group, quartiere=q_sud
    )
    am.ServiceUnit.objects.create(
        code="chiuso", name="Unità dismessa", target_group=group, active=False
    )
    am.NewsItem.objects.create(
        title="Notizia uscita", summary="s", body="b", published_on=today, published=True
    )
    hidden_news = am.NewsItem.objects.create(
        title="Notizia in bozza", summary="s", body="b", published_on=today
    )
    am.NewsItem.objects.create(
        title="Notizia di domani",
        summary="s",
        body="b",
        published_on=today + timedelta(days=1),
        published=True,
    )
    event_fields = {
        "description": "d",
        "start": now + timedelta(days=2),
        "end": now + timedelta(days=2, hours=1),
        "location": "Sala",
    }
    am.Event.objects.create(
        title="Festa di quartiere", published=True, quartiere=q_nord, **event_fields
    )
    am.Event.objects.create(title="Evento in bozza", **event_fields)
    call_fields = {
        "description": "d",
        "budget": Decimal("1000"),
        "deadline": now + timedelta(days=9),
    }
    open_call = am.Call.objects.create(
        title="Bando API aperto", status=am.CallStatus.PUBLISHED, **call_fields
    )
    am.Call.objects.create(title="Bando API chiuso", status=am.CallStatus.CLOSED, **call_fields)
    draft_call = am.Call.objects.create(title="Bando API bozza", **call_fields)
    PuntoComunita.objects.create(
        name="Punto chiuso",
        slug="punto-chiuso",
        quartiere=q_sud,
        lead_organization=world.org_a,
        closed_on=today,
    )
    staff = world.users["staff"]
    make_edition(slug="bs-2019", year=2019, status=EditionStatus.PUBLISHED, by=staff)
    make_edition(slug="bs-2020", year=2020, status=EditionStatus.PUBLISHED, by=staff)
    make_edition(slug="api-bs-bozza", year=2021, by=staff)
    make_edition(
        slug="api-bs-consultazione", year=2022, status=EditionStatus.CONSULTATION, by=staff
    )
    return {
        "unit": unit,
        "hidden_news": hidden_news,
        "open_call": open_call,
        "draft_call": draft_call,
        "q_nord": q_nord,
    }


def test_territory_lists_zones_quartieri_open_punti_and_sst_offices(public) -> None:
    zone = _get(reverse("api:zona-list"))
    assert _names(zone, "slug") == list(
        Zona.objects.order_by("order", "name").values_list("slug", flat=True)
    )
    nord = next(z for z in zone["results"] if z["slug"] == "nord")
    assert public["q_nord"].slug in [q["slug"] for q in nord["quartieri"]]

    quartieri = _get(reverse("api:quartiere-list"), zona="nord", page_size=200)
    assert quartieri["count"] == Quartiere.objects.filter(zona__slug="nord").count() > 0
    assert {q["zona"]["slug"] for q in quartieri["results"]} == {"nord"}

    punti = _get(reverse("api:punto-list"), page_size=200)
    assert "Punto chiuso" not in _names(punti)
    assert punti["count"] == PuntoComunita.objects.filter(closed_on__isnull=True).count()
    assert (
        call("get", reverse("api:punto-detail", kwargs={"slug": "punto-chiuso"})).status_code == 404
    )

    sst = _get(reverse("api:sst-list"))
    assert sst["count"] == ServizioSocialeTerritoriale.objects.count() > 0
    assert {"name", "address", "zona"} <= set(sst["results"][0])


def test_service_units_only_active_and_filtered(public) -> None:
    url = reverse("api:service-unit-list")
    names = _names(_get(url))
    assert {"Centro Nord", "Sportello Sud"} <= set(names)
    assert "Unità dismessa" not in names
    group = public["unit"].target_group.code
    by_group = _names(_get(url, destinatari=group))
    assert "Centro Nord" in by_group and "Sportello Sud" not in by_group
    by_quartiere = _names(_get(url, quartiere=public["q_nord"].pk))
    assert "Centro Nord" in by_quartiere and "Sportello Sud" not in by_quartiere
    assert _names(_get(url, anno=2024)) == ["Centro Nord"]
    assert "Centro Nord" not in _names(_get(url, anno=2023))
    assert _get(reverse("api:service-unit-detail", kwargs={"code": "centro-nord"}))["years"] == [
        2024
    ]
    assert (
        call("get", reverse("api:service-unit-detail", kwargs={"code": "chiuso"})).status_code
        == 404
    )


def test_bad_filter_is_refused_in_italian(public) -> None:
    response = call("get", reverse("api:service-unit-list") + "?quartiere=nord")
    assert response.status_code == 400
    assert response.json() == {"quartiere": ["Deve essere un numero intero."]}
    response = call("get", reverse("api:call-list") + "?stato=bozza")
    assert response.status_code == 400
    assert "stato" in response.json()


@pytest.mark.parametrize(
    ("name", "param"),
    [("api:service-unit-list", "destinatari"), ("api:quartiere-list", "zona")]
    + [("api:punto-list", "zona")],
)
def test_unknown_code_is_refused_not_answered_empty(public, name: str, param: str) -> None:
    """A misspelt code must not read as "nothing here": the client is told the value is wrong."""
    response = call("get", reverse(name) + f"?{param}=inesistente")
    assert response.status_code == 400
    assert response.json() == {param: ["Valore non valido."]}


def test_api_root_lists_every_endpoint(public) -> None:
    data = _get(reverse("api:api-root"))
    assert data["attivita"].endswith(reverse("api:activity-list"))
    assert data["unita-servizio"].endswith(reverse("api:service-unit-list"))
    assert len(data) >= 10


def test_news_events_and_calls_hide_drafts(public) -> None:
    news = _names(_get(reverse("api:news-list")), "title")
    assert "Notizia uscita" in news
    assert "Notizia in bozza" not in news and "Notizia di domani" not in news
    hidden = reverse("api:news-detail", kwargs={"pk": public["hidden_news"].pk})
    assert call("get", hidden).status_code == 404

    events = _get(reverse("api:event-list"))
    assert "Festa di quartiere" in _names(events, "title")
    assert "Evento in bozza" not in _names(events, "title")
    nord = _names(_get(reverse("api:event-list"), quartiere=public["q_nord"].pk), "title")
    assert nord == ["Festa di quartiere"]

    calls = _get(reverse("api:call-list"))
    assert {"Bando API aperto", "Bando API chiuso"} <= set(_names(calls, "title"))
    assert "Bando API bozza" not in _names(calls, "title")
    still_open = _names(_get(reverse("api:call-list"), stato="pubblicato"), "title")
    assert "Bando API aperto" in still_open and "Bando API chiuso" not in still_open
    draft = reverse("api:call-detail", kwargs={"pk": public["draft_call"].pk})
    assert call("get", draft).status_code == 404


def test_bilancio_lists_published_editions_with_protected_figures(public) -> None:
    editions = _get(reverse("api:edition-list"))
    slugs = _names(editions, "slug")
    assert {"bs-2020", "bs-2019"} <= set(slugs)
    assert not set(slugs) & set(
        Edition.objects.exclude(status=EditionStatus.PUBLISHED).values_list("slug", flat=True)
    )
    for slug in ("api-bs-bozza", "api-bs-consultazione"):
        assert call("get", reverse("api:edition-detail", kwargs={"slug": slug})).status_code == 404

    detail = _get(reverse("api:edition-detail", kwargs={"slug": "bs-2020"}))
    assert detail["version"] == 1
    citta = next(s for s in detail["sezioni"] if s["chiave"] == "citta")
    blocks = {b["chiave"]: b for b in citta["blocchi"]}
    assert "vuoto" not in blocks  # the open data leave out a block without data
    nord = next(r for r in blocks["zone"]["righe"] if r["zona"] == "Nord")
    assert 57 in [r["volontari"] for r in blocks["zone"]["righe"]]  # above the threshold
    assert nord["volontari"] == "< 5"  # 3 volunteers: suppressed as on the page and in the CSV
    assert blocks["zone"]["riservatezza"]["celle_soppresse"]
    figures = {f["chiave"]: f["valore"] for f in blocks["sintesi"]["cifre"]}
    assert figures["attivita"] == 4321
    assert figures["disabili"] != 7


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:zona-detail", lambda p: {"slug": "nord"}),
        (
            "api:punto-detail",
            lambda p: {"slug": PuntoComunita.objects.filter(closed_on__isnull=True)[0].slug},
        ),
        ("api:service-unit-detail", lambda p: {"code": "centro-nord"}),
        ("api:call-detail", lambda p: {"pk": p["open_call"].pk}),
        ("api:edition-detail", lambda p: {"slug": "bs-2020"}),
    ],
)
def test_writes_are_refused(public, world, name: str, kwargs: Any) -> None:
    detail = reverse(name, kwargs=kwargs(public))
    listing = reverse(name.replace("-detail", "-list"))
    _row, token = bearer(world.user("admin"))
    for who in (None, token):
        assert call("post", listing, who, {"name": "x"}).status_code == 405
        assert call("put", detail, who, {"name": "x"}).status_code == 405
        assert call("patch", detail, who, {"name": "x"}).status_code == 405
        assert call("delete", detail, who).status_code == 405


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("api:zona-list", 3),
        ("api:quartiere-list", 2),
        ("api:punto-list", 3),
        ("api:sst-list", 2),
        ("api:service-unit-list", 3),
        ("api:news-list", 2),
        ("api:event-list", 2),
        ("api:call-list", 2),
        ("api:edition-list", 3),
    ],
)
def test_list_queries_are_pinned(
    public, django_assert_num_queries, name: str, queries: int
) -> None:
    url = reverse(name)
    with django_assert_num_queries(queries):
        _get(url)


def test_edition_detail_queries_are_pinned(public, django_assert_num_queries) -> None:
    url = reverse("api:edition-detail", kwargs={"slug": "bs-2020"})
    with django_assert_num_queries(3):
        _get(url)
