"""Issue 16 point 4: the reserved area is one "La mia area" menu grouped by task, with at most
seven links per role, and a link only if it opens for that user."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client, override_settings

from citta_del_noi.accounts import roles
from citta_del_noi.core import navigation
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


# --- Issue 14: the navigation kept between requests (core/navigation.py navigation_for) ---


def _menu_groups(body: str) -> list[str]:
    menu = body[body.index('id="menu-mia-area"') :]
    menu = menu[: menu.index("</ul></div>")]
    return re.findall(r'<span class="portal-menu-group" aria-hidden="true">([^<]+)</span>', menu)


@override_settings(ROLE_CACHE_SECONDS=300)
def test_a_role_change_shows_the_new_menu_on_the_next_request(
    world, django_capture_on_commit_callbacks
) -> None:
    user = world.users["staff"]
    client = Client()
    client.force_login(user)
    assert "/attivita/revisione/" in _menu_links(client.get("/area-riservata/").content.decode())
    # served from the cached navigation
    assert "/attivita/revisione/" in _menu_links(client.get("/area-riservata/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.remove(Group.objects.get(name=roles.GROUP_STAFF))
    links = _menu_links(client.get("/area-riservata/").content.decode())
    assert "/attivita/revisione/" not in links
    assert "/admin/" not in links


@override_settings(ROLE_CACHE_SECONDS=300)
def test_the_cached_menu_is_per_user_and_per_language(world) -> None:
    staff = Client()
    staff.force_login(world.users["staff"])
    staff_links = _menu_links(staff.get("/area-riservata/").content.decode())
    partner = Client()
    partner.force_login(world.users["partner_a"])
    partner_links = _menu_links(partner.get("/area-riservata/").content.decode())
    assert "/attivita/revisione/" in staff_links
    assert "/attivita/revisione/" not in partner_links
    assert partner_links != staff_links

    italian = _menu_groups(staff.get("/area-riservata/").content.decode())
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_body = staff.get("/area-riservata/").content.decode()
    english = _menu_groups(english_body)
    assert "Attività" in italian and "Activities" not in italian
    assert "Activities" in english and "Attività" not in english
    assert "My area" in english_body
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    assert _menu_groups(staff.get("/area-riservata/").content.decode()) == italian


def test_the_navigation_is_computed_once_per_request(world, monkeypatch) -> None:
    calls = []
    real = navigation._visible

    def counting(user: Any, *, public: bool) -> list:
        calls.append(public)
        return real(user, public=public)

    monkeypatch.setattr(navigation, "_visible", counting)
    client = Client()
    client.force_login(world.users["staff"])
    assert client.get("/area-riservata/").status_code == 200
    assert sorted(calls) == [False, True]  # was three walks (menu, user entries, public)
