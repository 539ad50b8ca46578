"""The cached dashboard (issue 14): a write shows on the next request, and a viewer never gets
the page cached for another viewer's scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cantieri.models import Azione
from consigli import selectors, services
from consigli.models import AgendaItem, Consiglio, CouncilMember, Decision, MemberCategory
from tests.consigli.activity_data import period
from tests.consigli.factories import aware
from tests.world import make_user

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    """The page's content (the header holds the viewer's own address and tokens)."""
    assert response.status_code == 200
    text = response.content.decode()
    found = re.search(r"<main.*</main>", text, re.S)
    assert found is not None
    return found.group(0)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_renamed_cantiere_shows_on_the_next_request(world, django_capture_on_commit_callbacks):
    cache.clear()
    client = _client(world.users["council"])
    azione = Azione.objects.order_by("number").first()
    assert azione is not None
    assert azione.name in _main(client.get(reverse("cruscotto:index")))
    with django_capture_on_commit_callbacks(execute=True):
        azione.name = "Cantiere rinominato zafferano"
        azione.save()
    for name in ("index", "territorio"):
        page = _main(client.get(reverse(f"cruscotto:{name}")))
        assert "Cantiere rinominato zafferano" in page  # the filter's options and the charts


def test_a_new_period_is_offered_by_the_filter_on_the_next_request(
    world, django_capture_on_commit_callbacks
):
    cache.clear()
    client = _client(world.users["staff"])
    assert "Periodo zafferano" not in _main(client.get(reverse("cruscotto:index")))
    with django_capture_on_commit_callbacks(execute=True):
        new = period("Periodo zafferano", date(2031, 1, 1), date(2031, 6, 30))
    page = _main(client.get(reverse("cruscotto:index")))
    assert f'<option value="{new.pk}">Periodo zafferano</option>' in page
    # and the new period filters at once (its dates come from the cached choices)
    page = _main(client.get(reverse("cruscotto:index") + f"?periodo={new.pk}"))
    assert f'<option value="{new.pk}" selected>Periodo zafferano</option>' in page


def _confidential_decision(consiglio: Consiglio) -> Decision:
    meeting = services.meeting_schedule(
        consiglio=consiglio, title="Riunione riservata", starts_at=aware(2019, 3, 1), by=None
    )
    item = AgendaItem.objects.create(meeting=meeting, title="Punto riservato", confidential=True)
    return Decision.objects.create(agenda_item=item, text="Decisione riservata")


def test_two_councils_never_share_a_cached_page(world, django_capture_on_commit_callbacks):
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    other = Consiglio.objects.exclude(pk=indirizzo.pk).first()
    assert other is not None
    outsider = make_user("altro-consiglio@example.org", first_name="Olga", last_name="Altro")
    CouncilMember.objects.create(
        consiglio=other, user=outsider, category=MemberCategory.ESPERTO, term_start=date(2016, 1, 1)
    )
    member = world.users["council"]
    for _ in range(3):
        _confidential_decision(indirizzo)
    mine = selectors.decision_status_counts(member)
    theirs = selectors.decision_status_counts(outsider)
    assert mine["open"] == theirs["open"] + 3  # the pages must differ

    for path in (reverse("cruscotto:index"), reverse("cruscotto:index") + "?zona=nord"):
        cache.clear()
        member_page = _main(_client(member).get(path))  # fills the cache
        outsider_cached = _main(_client(outsider).get(path))
        cache.clear()
        outsider_fresh = _main(_client(outsider).get(path))
        assert outsider_cached == outsider_fresh
        assert member_page != outsider_fresh


def test_a_decision_update_shows_on_the_next_request(world, django_capture_on_commit_callbacks):
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    member = world.users["council"]
    client = _client(member)
    cache.clear()
    before = _main(client.get(reverse("cruscotto:index")))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _confidential_decision(indirizzo)
    after = _main(client.get(reverse("cruscotto:index")))
    cache.clear()
    assert after == _main(client.get(reverse("cruscotto:index")))
    assert after != before


def test_a_new_filter_combination_runs_only_the_aggregates(world, django_assert_num_queries):
    """The reference rows (catalogue, territory, indicators) and the filter choices stay cached
    between combinations: a new one runs the aggregates, the indicators' and the blocks'."""
    client = _client(world.users["council"])
    cache.clear()
    client.get(reverse("cruscotto:index"))
    with django_assert_num_queries(NEW_COMBINATION_QUERIES):
        _main(client.get(reverse("cruscotto:index") + f"?zona={world.zona_nord.slug}"))


NEW_COMBINATION_QUERIES = 23  # with the role queries (role cache off in tests)
