"""List pages run a pinned number of SQL queries, whatever the number of rows.

The numbers are exact: a change shows the SQL it adds or removes (run the failing test with -v).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies import models as m
from agencies.tools import TOOLS
from cantieri.models import TargetGroup
from territori.models import Quartiere

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    group = TargetGroup.objects.first()
    map_group = m.WelfareTargetGroup.objects.first()
    quartieri = list(Quartiere.objects.all()[:3])
    today = timezone.localdate()
    needs = m.Need.objects.bulk_create(
        [
            m.Need(
                title=f"Bisogno {i}",
                target_group=group,
                source="indagine",
                evidence="e",
                identified_on=today,
                published=True,
            )
            for i in range(120)
        ]
    )
    through = m.Need.quartieri.through
    through.objects.bulk_create(
        [through(need_id=n.pk, quartiere_id=q.pk) for n in needs for q in quartieri]
    )
    m.ServiceUnit.objects.bulk_create(
        [
            m.ServiceUnit(
                code=f"u{i}",
                name=f"Servizio {i}",
                provider=world.org_a,
                target_group=map_group,
                quartiere=quartieri[i % 3],
            )
            for i in range(120)
        ]
    )
    m.NewsItem.objects.bulk_create(
        [
            m.NewsItem(title=f"N{i}", summary="s", body="b", published_on=today, published=True)
            for i in range(60)
        ]
    )
    c = world.call_open
    now = timezone.now()
    from tests.world import make_user

    orgs = []
    from citta_del_noi.organizations.models import Organization

    for i in range(30):
        orgs.append(Organization(name=f"Org {i}", slug=f"org-{i}", legal_form="associazione"))
    Organization.objects.bulk_create(orgs)
    apps = m.Application.objects.bulk_create(
        [
            m.Application(
                call=c,
                organization=o,
                title=f"P{i}",
                summary="s",
                requested_amount=Decimal("1000"),
                submitted_at=now - timedelta(hours=i),
                submitted_by=world.users["partner_a"],
            )
            for i, o in enumerate(Organization.objects.filter(slug__startswith="org-"))
        ]
    )
    ev = make_user("valutatore@example.org")
    m.EvaluatorAssignment.objects.bulk_create(
        [m.EvaluatorAssignment(application=a, evaluator=ev) for a in apps]
    )
    return world


# Staff on each internal tool's list.
TOOL_PINS: dict[str, int] = {
    "accordi": 10,
    "bandi": 11,
    "biblioteca": 10,
    "bilancio": 10,
    "bisogni": 11,
    "campagne": 10,
    "contributi": 10,
    "corsi": 10,
    "criteri": 11,
    "destinatari-mappa": 11,
    "eventi": 11,
    "newsletter": 11,
    "notizie": 11,
    "obiettivi": 11,
    "orari-servizi": 10,
    "partecipazioni": 10,
    "personale": 10,
    "portatori": 10,
    "raccolte": 10,
    "ricerche-volontari": 11,
    "servizi": 12,
    "sessioni": 10,
    "spese": 10,
    "stanziamenti": 10,
    "tappe": 11,
    "tavoli": 10,
    "volontari": 10,
}
PUBLIC_PINS = {
    "agencies:needs_public": 3,
    "agencies:welfare_map": 3,
    "agencies:news_list": 2,
    "agencies:event_list": 1,
    "agencies:library": 2,
    "agencies:call_public_list": 1,
    "agencies:volunteer_call_list": 2,
    "agencies:index": 3,
}
AGENCY_PINS = {
    "governance": 10,
    "risorse-umane": 10,
    "conoscenza": 5,
    "comunicazione": 6,
    "finanza": 8,
}


@pytest.mark.parametrize("key", sorted(TOOLS))
def test_tool_lists_are_pinned(many, key, django_assert_num_queries) -> None:
    client = Client()
    client.force_login(many.users["staff"])
    with django_assert_num_queries(TOOL_PINS[key]):
        assert client.get(reverse("agencies:tool_list", args=[key])).status_code == 200


@pytest.mark.parametrize("name", sorted(PUBLIC_PINS))
def test_public_lists_are_pinned(many, name, django_assert_num_queries) -> None:
    with django_assert_num_queries(PUBLIC_PINS[name]):
        assert Client().get(reverse(name)).status_code == 200


@pytest.mark.parametrize("slug", sorted(AGENCY_PINS))
def test_agency_pages_are_pinned(many, slug, django_assert_num_queries) -> None:
    with django_assert_num_queries(AGENCY_PINS[slug]):
        assert Client().get(reverse("agencies:agency_detail", args=[slug])).status_code == 200


def test_agency_referent_pages_are_pinned(many, django_assert_num_queries) -> None:
    """The referent of the knowledge agency on the agencies' home and their agency's page."""
    client = Client()
    client.force_login(many.users["agency"])
    with django_assert_num_queries(11):
        assert client.get(reverse("agencies:index")).status_code == 200
    with django_assert_num_queries(14):
        assert client.get(reverse("agencies:agency_detail", args=["conoscenza"])).status_code == 200


def test_call_manage_is_pinned(many, django_assert_num_queries) -> None:
    client = Client()
    client.force_login(many.users["staff"])
    with django_assert_num_queries(13):
        response = client.get(reverse("agencies:call_manage", args=[many.call_open.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("valutatore@example.org") == 30
