"""Two staff record the approval of the same edition at once (issue 12, point 6): the second
sees "già approvata da <nome>", not a refusal of their role."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from bilancio_sociale import services
from bilancio_sociale.models import EditionStatus
from tests.bilancio_sociale.factories import fill_monitoring, make_decision

pytestmark = pytest.mark.django_db


def test_second_approver_is_told_who_approved_first(world, edition, staff) -> None:
    other = world.users["admin"]
    services.edition_open_consultation(edition=edition, by=staff)
    fill_monitoring(edition, staff)
    decision = make_decision(by=staff, edition=edition)
    url = reverse("bilancio_sociale:approve", args=[edition.pk])
    # Both opened the form; the first sends it.
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(other)
    assert second.get(url).status_code == 200
    assert first.post(url, {"decision": decision.pk}).status_code == 302
    late = second.post(url, {"decision": decision.pk})
    body = html.unescape(late.content.decode())
    name = staff.get_full_name() or staff.email
    assert f"Edizione già approvata da {name}" in body
    assert "Il tuo ruolo non permette" not in body
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED
