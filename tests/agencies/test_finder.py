"""The public service finder ("Trova un servizio", issue 15 point 2): filters in the URL,
"near my quartiere" ordering, "open now" in Rome's local time, inactive units never shown, the
unit page with the nearest Punto Comunità and SST office, pinned query counts."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from agencies import models as m
from agencies import rules, selectors
from agencies.forms import ServiceUnitForm
from agencies.selectors import FinderFilters
from territori.models import PuntoComunita, Quartiere
from tests.world import build_world

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def fw(reference):
    world = build_world()
    groups = list(m.WelfareTargetGroup.objects.order_by("order"))
    world.anziani, world.other_group = groups[0], groups[1]
    qs = list(Quartiere.objects.select_related("zona").order_by("zona__order", "name"))
    q1 = qs[0]
    q2 = next(q for q in qs if q.zona_id == q1.zona_id and q.pk != q1.pk)
    q3 = next(q for q in qs if q.zona_id != q1.zona_id)
    world.q1, world.q2, world.q3 = q1, q2, q3

    def unit(code: str, name: str, q: Quartiere | None, **kw) -> m.ServiceUnit:
        kw.setdefault("target_group", world.anziani)
        return m.ServiceUnit.objects.create(
            code=code, name=name, provider_name="Cooperativa Esempio", quartiere=q, **kw
        )

    world.far = unit("far", "Alfa centro lontano", q3, kind="diurno")
    world.zone = unit("zone", "Beta sportello di zona", q2, kind="sportello")
    world.near = unit(
        "near",
        "Gamma centro diurno vicino",
        q1,
        kind="diurno",
        access="Su appuntamento telefonico.",
        latitude=Decimal("45.54"),
        longitude=Decimal("10.22"),
    )
    world.city = unit("city", "Delta servizio cittadino", None, target_group=world.other_group)
    world.closed = unit("closed", "Unità dismessa segreta", q1, active=False)
    # Monday 9–12 for "near"; Tuesday for "zone".
    m.OpeningSlot.objects.create(unit=world.near, weekday=1, opens=time(9), closes=time(12))
    m.OpeningSlot.objects.create(unit=world.zone, weekday=2, opens=time(9), closes=time(12))
    # The world's own Punti Comunità are closed: a closed one is never the nearest.
    PuntoComunita.objects.update(closed_on=date(2020, 1, 1))
    world.punto = PuntoComunita.objects.create(
        name="Punto Comunità di prova",
        slug="punto-prova",
        quartiere=q2,
        lead_organization=world.org_a,
        address="via Prova 1",
    )
    m.OpeningSlot.objects.create(punto=world.punto, weekday=1, opens=time(10), closes=time(11))
    return world


def names(qs) -> list[str]:
    """The names of the fixture's units (the world has units of its own)."""
    mine = {"far", "zone", "near", "city", "closed"}
    return [u.name for u in qs if u.code in mine]


def test_near_my_quartiere_orders_quartiere_then_zona_then_city(fw) -> None:
    got = names(selectors.finder_units(FinderFilters(near=fw.q1)))
    assert got == [
        "Gamma centro diurno vicino",
        "Beta sportello di zona",
        "Alfa centro lontano",
        "Delta servizio cittadino",
    ]


def test_open_now_uses_rome_local_time(fw) -> None:
    # Monday 10:30 in Rome is 09:30 UTC in winter: "near" is open, "zone" (Tuesday) is not.
    monday = datetime(2026, 11, 30, 10, 30, tzinfo=ROME)
    got = names(selectors.finder_units(FinderFilters(open_now=True), now=monday))
    assert got == ["Gamma centro diurno vicino"]
    evening = datetime(2026, 11, 30, 12, 0, tzinfo=ROME)  # closes at 12: closed
    assert names(selectors.finder_units(FinderFilters(open_now=True), now=evening)) == []
    assert [p.name for p in selectors.finder_punti(FinderFilters(open_now=True), now=monday)] == [
        "Punto Comunità di prova"
    ]


def test_filters_in_the_url_without_javascript(fw) -> None:
    url = reverse("finder:index")
    html = Client().get(url, {"tipo": "diurno", "quartiere": fw.q1.slug}).content.decode()
    assert "Gamma centro diurno vicino" in html
    assert "Alfa centro lontano" not in html
    assert "Beta sportello di zona" not in html
    assert "Unità dismessa segreta" not in html
    html = Client().get(url, {"giorno": "2"}).content.decode()
    assert "Beta sportello di zona" in html and "Gamma centro diurno vicino" not in html
    html = Client().get(url, {"gruppo": fw.other_group.code}).content.decode()
    assert "Delta servizio cittadino" in html and "Gamma centro diurno vicino" not in html


def test_only_punti_comunita_kind(fw) -> None:
    html = Client().get(reverse("finder:index"), {"tipo": "punto"}).content.decode()
    assert "Punto Comunità di prova" in html
    assert "Gamma centro diurno vicino" not in html


def test_bad_filter_is_refused_next_to_the_field(fw) -> None:
    response = Client().get(reverse("finder:index"), {"quartiere": "non-esiste", "tipo": "diurno"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Scelta non valida: scegliere dall&#x27;elenco." in html
    # The valid filter still applies.
    assert "Beta sportello di zona" not in html and "Gamma centro diurno vicino" in html


def test_tile_map_links_each_quartiere_to_the_filtered_list(fw) -> None:
    html = Client().get(reverse("finder:index"), {"tipo": "diurno"}).content.decode()
    assert f"tipo=diurno&amp;quartiere={fw.q1.slug}" in html


def test_map_points_only_where_coordinates_exist(fw) -> None:
    response = Client().get(reverse("finder:index"))
    html = response.content.decode()
    assert 'id="finder-points"' in html and "Gamma centro diurno vicino" in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]
    # No coordinates among the results: no Leaflet at all (the list and tiles remain).
    html = Client().get(reverse("finder:index"), {"tipo": "sportello"}).content.decode()
    assert "vendor/leaflet/leaflet.js" not in html


def test_unit_page_nearest_punto_and_sst(fw) -> None:
    html = Client().get(reverse("finder:unit", args=[fw.near.pk])).content.decode()
    assert "Su appuntamento telefonico." in html
    assert "Cooperativa Esempio" in html
    assert "Punto Comunità di prova" in html  # same zona (none in the quartiere itself)
    assert fw.q1.sst.name in html
    assert "dalle 09:00 alle 12:00" in html


def test_inactive_unit_page_is_not_found(fw) -> None:
    assert Client().get(reverse("finder:unit", args=[fw.closed.pk])).status_code == 404


def test_coordinates_out_of_range_refused(fw) -> None:
    form = ServiceUnitForm(
        data={
            "code": "x1",
            "name": "X",
            "provider_name": "P",
            "target_group": fw.anziani.pk,
            "kind": "diurno",
            "latitude": "91",
            "longitude": "10.2",
            "active": "on",
        },
        scope=rules.tool_scope(fw.users["staff"], "conoscenza"),
    )
    assert not form.is_valid()
    assert "latitude" in form.errors
    slot = m.OpeningSlot(unit=fw.near, weekday=1, opens=time(12), closes=time(9))
    with pytest.raises(ValidationError):
        slot.full_clean()


def test_finder_query_count_is_pinned(
    fw, django_assert_num_queries, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    """Cold: 10 queries (the chosen quartiere, the count, the page, the map points, the tiles'
    counts and quartieri, four drop-downs; no punti for a unit kind), one more with "aperto"
    (the opening times of the day), whatever the number of units. Warm: the body comes from
    the cache (no query); a new unit makes it stale from its commit on (issue 14)."""
    client = Client()
    url = reverse("finder:index")
    params = {"tipo": "diurno", "vicino": fw.q1.slug, "giorno": "1"}
    with django_assert_num_queries(10):
        client.get(url, params)
    with django_assert_num_queries(0):
        assert "1 servizio trovato" in client.get(url, params).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(20):
            m.ServiceUnit.objects.create(
                code=f"extra-{i}",
                name=f"Extra {i}",
                provider_name="P",
                target_group=fw.anziani,
                quartiere=fw.q2,
                kind="diurno",
            )
            m.OpeningSlot.objects.create(
                unit=m.ServiceUnit.objects.get(code=f"extra-{i}"),
                weekday=1,
                opens=time(8),
                closes=time(9),
            )
    with django_assert_num_queries(10):
        html = client.get(url, params).content.decode()
    assert "21 servizi trovati" in html and "Extra 19" in html
    monday = datetime(2026, 11, 30, 10, 30, tzinfo=ROME)  # "near" is open
    monkeypatch.setattr(
        importlib.import_module("agencies.views.finder"), "rome_now", lambda: monday
    )
    with django_assert_num_queries(11):
        assert "1 servizio trovato" in client.get(url, {**params, "aperto": "on"}).content.decode()


def test_open_now_page_is_never_served_from_another_opening_window(fw, monkeypatch) -> None:
    """The cached page of "aperto ora" holds while no slot of the day opens or closes: at 10:05
    and 10:55 on a Monday the same page (from the cache: the punto opens at 10 and closes at
    11), at 12:00 (the unit's slot closes) a new one."""
    finder_views = importlib.import_module("agencies.views.finder")
    url = reverse("finder:index")

    def at(hour: int, minute: int) -> str:
        monday = datetime(2026, 11, 30, hour, minute, tzinfo=ROME)
        monkeypatch.setattr(finder_views, "rome_now", lambda: monday)
        return Client().get(url, {"aperto": "on"}).content.decode()

    assert "Gamma centro diurno vicino" in at(10, 5)
    # The unit is renamed without any signal (a bulk update): only the cache can show the
    # old name, so the next page proves where it came from.
    m.ServiceUnit.objects.filter(pk=fw.near.pk).update(name="Gamma rinominato")
    assert "Gamma centro diurno vicino" in at(10, 55)  # same window: the cached page
    noon = at(12, 0)  # the slot closed: another window, computed now
    assert "Gamma" not in noon.split('id="finder-results"')[1].split("</section>")[0]
    assert "Nessun servizio corrisponde ai filtri scelti." in noon
    assert "Gamma rinominato" in at(9, 0)  # opened at 9:00: computed, with the new name


def test_a_saved_unit_shows_on_the_next_finder_page(fw, django_capture_on_commit_callbacks):
    url = reverse("finder:index")
    assert "Gamma centro diurno vicino" in Client().get(url).content.decode()
    fw.near.name = "Gamma con un nome nuovo"
    with django_capture_on_commit_callbacks(execute=True):
        fw.near.save()
    html = Client().get(url).content.decode()
    assert "Gamma con un nome nuovo" in html and "Gamma centro diurno vicino" not in html


def test_unit_page_query_count_is_pinned(fw, django_assert_num_queries) -> None:
    client = Client()
    with django_assert_num_queries(3):
        client.get(reverse("finder:unit", args=[fw.near.pk]))
