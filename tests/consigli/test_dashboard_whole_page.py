"""The warm dashboard is the viewer's stored page (issue 14, core/viewer_pages.py): served whole
from the cache, yet never older than its header (unread count, menu, address, language), never
without a message waiting for the viewer, never another viewer's, and with a CSRF token of its
own request that the next form accepts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from citta_del_noi.core.viewer_pages import PLACEHOLDER
from citta_del_noi.notifications import services as notices
from citta_del_noi.organizations.services import membership_add
from consigli.models import Consiglio, CouncilMember, MemberCategory
from tests.world import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("role_cache_on")]

INDEX = "/cruscotto/"
TERRITORIO = "/cruscotto/territorio/"


@pytest.fixture
def role_cache_on():
    with override_settings(ROLE_CACHE_SECONDS=300):
        cache.clear()
        yield
    cache.clear()


def _client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _warm(client: Client, path: str):
    """The page as a viewer sees it once the cache holds everything it is made of."""
    for _ in range(2):
        assert client.get(path).status_code == 200
    response = client.get(path)
    assert response.status_code == 200
    return response


def _token(text: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    assert found is not None
    return found.group(1)


def _without_tokens(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def _badge(text: str) -> int:
    found = re.search(r'data-testid="notices-unread">(\d+)<', text)
    return int(found.group(1)) if found else 0


def _menu_links(text: str) -> list[str]:
    menu = text[text.index('id="menu-mia-area"') :]
    menu = menu[: menu.index("</ul></div>")]
    return re.findall(r'class="dropdown-item list-item" href="([^"]+)"', menu)


@pytest.mark.parametrize("path", [INDEX, TERRITORIO, INDEX + "?zona=nord&q=scuola"])
def test_a_warm_dashboard_is_the_stored_page_with_a_token_of_its_own(world, path) -> None:
    member = world.users["council"]
    client = _client(member, enforce_csrf_checks=True)
    response = _warm(client, path)
    assert response.templates == []  # served whole: nothing rendered for this request
    text = response.content.decode()
    assert PLACEHOLDER not in text
    assert member.email in text
    cache.clear()
    fresh = client.get(path)
    assert fresh.templates  # rendered again
    assert _without_tokens(text) == _without_tokens(fresh.content.decode())
    # the token of the stored page is this session's: the logout form in its header works
    logout = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": _token(text)})
    assert logout.status_code == 302
    assert client.get(path).status_code == 302  # to the login page


def test_two_viewers_of_one_council_never_get_each_others_page(world) -> None:
    member = world.users["council"]
    other = make_user("collega@example.org")  # the same council: the same body, another header
    CouncilMember.objects.create(
        consiglio=Consiglio.objects.get(slug="indirizzo"),
        user=other,
        category=MemberCategory.ESPERTO,
        term_start=date(2016, 1, 1),
    )
    mine = _warm(_client(member), INDEX).content.decode()
    theirs = _warm(_client(other), INDEX).content.decode()
    assert member.email in mine and other.email not in mine
    assert other.email in theirs and member.email not in theirs


def test_the_stored_page_follows_the_unread_count(world, django_capture_on_commit_callbacks):
    member = world.users["council"]
    client = _client(member)
    before = _badge(_warm(client, INDEX).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        notices.notify(users=[member], kind="prova", title="Nuovo avviso", email=False)
    assert _badge(client.get(INDEX).content.decode()) == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        notices.notices_mark_all_read(user=member)
    assert _badge(client.get(INDEX).content.decode()) == 0


def test_the_stored_page_follows_the_menu_and_the_address(
    world, django_capture_on_commit_callbacks
) -> None:
    member = world.users["council"]
    client = _client(member)
    links = _menu_links(_warm(client, INDEX).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(user=member, organization=world.org_a)  # now also a partner
    now = _menu_links(client.get(INDEX).content.decode())
    assert reverse("cantieri:activity_list") in now and now != links
    member.email = "nuovo.indirizzo@example.org"
    member.save(update_fields=["email"])
    assert "nuovo.indirizzo@example.org" in client.get(INDEX).content.decode()


def test_the_stored_page_follows_the_language(world) -> None:
    client = _client(world.users["council"])
    assert '<html lang="it"' in _warm(client, INDEX).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": INDEX})
    english = client.get(INDEX).content.decode()
    assert '<html lang="en"' in english
    assert "Apply filters" in english


def test_a_message_waiting_shows_on_a_stored_dashboard(world) -> None:
    member = world.users["council"]
    _warm(_client(member), INDEX)  # the page is stored for this viewer
    client = Client()
    response = client.post(
        reverse("account_login") + f"?next={INDEX}",
        {"login": member.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == INDEX
    assert 'class="messages"' in response.content.decode()  # "Accesso effettuato come …"
    # shown once: the next request is the stored page again, without it
    again = client.get(INDEX)
    assert 'class="messages"' not in again.content.decode()
