"""Each role has a home page that makes sense for it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from citta_del_noi.core import home
from citta_del_noi.core.home import HomePanel
from consigli.models import AgendaItem, Consiglio, Meeting, MeetingDocument, Minutes

pytestmark = pytest.mark.django_db
URL = reverse("core:area_riservata")


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    return body


def test_staff_home_shows_reference_data_counts_and_admin_links(client, world) -> None:
    body = _home(client, world.users["staff"])
    assert "Dati di riferimento del programma" in body
    assert '<span class="num">5</span> zone' in body
    assert '<span class="num">33</span> quartieri' in body
    assert reverse("admin:territori_quartiere_changelist") in body
    assert "Personale del Comune" in body
    assert "Amministrazione</h2>" not in body


def test_admin_home_adds_the_administration_tools(client, world) -> None:
    body = _home(client, world.users["admin"])
    assert "Dati di riferimento del programma" in body
    assert reverse("admin:accounts_user_changelist") in body


def test_partner_home_does_not_show_staff_panels(client, world) -> None:
    body = _home(client, world.users["partner_a"])
    assert "Dati di riferimento del programma" not in body
    assert "Referente di organizzazione partner" in body


def test_council_and_agency_members_get_a_panel(client, world) -> None:
    council = _home(client, world.users["council"])
    assert "Componente di consiglio" in council
    assert "non ha ancora un ruolo" not in council
    agency = _home(client, world.users["agency"])
    assert "Referente di agenzia" in agency
    assert "non ha ancora un ruolo" not in agency


def test_user_without_role_is_told_so(client, reference) -> None:
    from tests.world import make_user

    body = _home(client, make_user("nessun.ruolo@example.org"))
    assert "non ha ancora un ruolo" in body


def test_fallback_panel_gives_way_to_the_app_panel(monkeypatch) -> None:
    panels = dict(home._PANELS)
    monkeypatch.setattr(home, "_PANELS", panels)
    fallback = HomePanel(
        key="x-fallback",
        template="core/panels/x.html",
        visible=lambda u: True,
        replaced_by_app="xapp",
    )
    home.register_panel(fallback)
    assert not home._app_has_panel("xapp")
    home.register_panel(HomePanel(key="x", template="xapp/_panel.html", visible=lambda u: True))
    assert home._app_has_panel("xapp")


# The exact queries of the reserved area per role: a change shows the SQL it adds (pytest -v).
# Issue 16.1 made each panel a fixed number of aggregated queries; issue 14 folded them so that
# no count depends on the data: the councils' panel runs the same queries for one council or
# many (next meetings, agendas, documents and minutes of all councils at once), the open work
# of an agency's tools is one UNION, the evaluator's assignments are read once. On a cold cache
# (first request) the reviewer's queue counts (cantieri/panel_selectors.py, keyed on the
# activity data version) and the dashboard alerts (consigli/home_panel.py, keyed on the summary
# version) are computed; warm, the second request reads them from the cache. Since the queue
# counts are read from the coverage groups (three small queries on every request, no scan of
# the records and no data-version query) and the reference figures are one query (were five),
# staff cold 38 -> 34, warm 27 -> 25.
HOME_PINS = {  # role: (cold, warm)
    "staff": (34, 25),
    "staff_zone": (32, 23),
    "admin": (32, 23),
    "partner_a": (16, 16),
    "council": (26, 17),
    "agency": (12, 12),
}


@pytest.mark.parametrize("role", sorted(HOME_PINS))
def test_home_runs_a_pinned_number_of_queries(client, world, role, django_assert_num_queries):
    client.force_login(world.users[role])
    cold, warm = HOME_PINS[role]
    with django_assert_num_queries(cold):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(warm):
        assert client.get(URL).status_code == 200


def test_home_queries_do_not_grow_with_councils_meetings_or_records(
    client, world, django_assert_num_queries
) -> None:
    """A third council with its next meeting, agenda, documents and minutes to approve, and
    more records waiting for review: the staff's home runs the same queries (issue 14)."""
    client.force_login(world.users["staff"])
    client.get(URL)
    with django_assert_num_queries(HOME_PINS["staff"][1]):
        client.get(URL)
    council = Consiglio.objects.create(slug="terzo", name="Terzo consiglio")
    now = timezone.now()
    past = Meeting.objects.create(
        consiglio=council, title="Passata", starts_at=now - timedelta(days=9)
    )
    Minutes.objects.create(meeting=past, text="Bozza")
    nxt = Meeting.objects.create(
        consiglio=council, title="Prossima", starts_at=now + timedelta(days=9)
    )
    for i in range(3):
        AgendaItem.objects.create(meeting=nxt, position=i + 1, title=f"Punto terzo {i}")
        MeetingDocument.objects.create(meeting=nxt, title=f"Documento terzo {i}", file="x.pdf")
    submitted = world.activity_a_returned
    submitted.status = "submitted"
    submitted.submitted_at = now
    submitted.save()
    client.get(URL)  # the caches follow the new data (versions bumped)
    with django_assert_num_queries(HOME_PINS["staff"][1]):
        body = client.get(URL).content.decode()
    assert "Terzo consiglio" in body and "Punto terzo 2" in body
    assert "Documento terzo 0" in body
    assert "4 attività attendono la revisione." in body


def test_signed_in_users_find_their_api_tokens_from_the_home(client, world) -> None:
    """Issue 15.4: tokens are created and revoked in the portal, reachable from the home."""
    body = _home(client, world.users["partner_a"])
    assert reverse("api:token_list") in body
    client.logout()
    assert reverse("api:token_list") not in client.get(URL).content.decode()
