"""Issue 16 point 4: the reserved area is one "La mia area" menu grouped by task, with at most
seven links per role, and a link only if it opens for that user."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citta_del_noi.core.navigation import MAX_MENU_ENTRIES
from tests.world import ROLE_NAMES

pytestmark = pytest.mark.django_db


def _menu_links(body: str) -> list[str]:
    menu = body[body.index('id="menu-mia-area"') :]
    menu = menu[: menu.index("</ul></div>")]
    return re.findall(r'class="dropdown-item list-item" href="([^"]+)"', menu)


def test_every_role_menu_is_short_grouped_and_opens(world) -> None:
    for role in ROLE_NAMES:
        user = world.user(role)
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        body = client.get("/area-riservata/").content.decode()
        links = _menu_links(body)
        assert 1 < len(links) <= MAX_MENU_ENTRIES, (role, links)
        for url in links:
            status = client.get(url).status_code
            assert status == 200, f"{role}: {url} → {status}"
    # groups by task, e.g. for the city-wide staff
    client = Client()
    client.force_login(world.users["staff"])
    body = client.get("/area-riservata/").content.decode()
    for group in ("Attività", "Consigli", "Bilancio", "Amministrazione"):
        assert f'<span class="portal-menu-group" aria-hidden="true">{group}</span>' in body


def test_staff_limited_to_a_zone_do_not_see_the_bilancio_management(world) -> None:
    client = Client()
    client.force_login(world.users["staff_zone"])
    body = client.get("/area-riservata/").content.decode()
    assert "/bilancio-sociale/gestione/" not in body
    assert client.get("/bilancio-sociale/gestione/").status_code == 403


def test_pages_of_a_group_carry_its_tab_bar(world) -> None:
    client = Client()
    client.force_login(world.users["staff"])
    body = client.get("/attivita/").content.decode()
    bar = body[body.index('class="portal-group-nav"') :]
    bar = bar[: bar.index("</nav>")]
    for url in ("/attivita/revisione/", "/attivita/copertura/", "/attivita/indicatori/"):
        assert f'href="{url}"' in bar


def test_council_and_agency_users_do_not_see_links_that_answer_403(world) -> None:
    for role in ("council", "agency", "staff_zone"):
        client = Client()
        client.force_login(world.users[role])
        assert client.get("/agenzie/bandi/mie-domande/").status_code == 403
        assert "/agenzie/bandi/mie-domande/" not in client.get("/agenzie/bandi/").content.decode()
    client = Client()
    client.force_login(world.users["partner_a"])
    assert "/agenzie/bandi/mie-domande/" in client.get("/agenzie/bandi/").content.decode()
