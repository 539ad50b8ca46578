from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from citta_del_noi.organizations.models import LegalForm, Organization
from territori.models import PuntoComunita, Quartiere

pytestmark = pytest.mark.django_db


@pytest.fixture
def punti(reference):
    orgs = [
        Organization.objects.create(
            name=f"Associazione {i}", slug=f"ass-{i}", legal_form=LegalForm.ASSOCIAZIONE
        )
        for i in range(4)
    ]
    for i, q in enumerate(Quartiere.objects.order_by("name")[:6]):
        punto = PuntoComunita.objects.create(
            name=f"Punto {q.name}",
            slug=f"punto-{i}",
            quartiere=q,
            lead_organization=orgs[0],
            opening_hours="Lunedì 9–12",
            opened_on=date(2017, 1, 1),
            closed_on=date(2018, 1, 1) if i == 5 else None,
        )
        punto.network.set(orgs[1:])


def test_home_lists_open_punti_with_their_network(client, punti) -> None:
    body = client.get(reverse("core:home")).content.decode()
    assert "5 Punti Comunità attivi" in body
    assert "Rete: Associazione 1, Associazione 2, Associazione 3" in body
    closed = PuntoComunita.objects.get(slug="punto-5").name
    assert closed not in body


PUBLIC_PINS = {"core:home": 7, "core:territorio": 4, "core:programma": 3}


@pytest.mark.parametrize("name", sorted(PUBLIC_PINS))
def test_public_pages_run_pinned_queries(client, punti, name, django_assert_num_queries) -> None:
    with django_assert_num_queries(PUBLIC_PINS[name]):
        assert client.get(reverse(name)).status_code == 200
