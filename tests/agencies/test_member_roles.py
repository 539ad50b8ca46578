"""Applying to a call is a submission: only an organisation's referent does it (issue 11
point 4); a compilatore or lettore gets no button and a direct POST is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from agencies import models as m
from citta_del_noi.organizations.models import MembershipRole
from citta_del_noi.organizations.services import membership_add
from tests.agencies import helpers as h
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [MembershipRole.COMPILATORE, MembershipRole.LETTORE])
def test_only_the_referent_applies_to_a_call(world, role) -> None:
    call = h.call(status=m.CallStatus.PUBLISHED)
    member = make_user(f"{role}.a@example.org")
    membership_add(user=member, organization=world.org_a, role=role)
    client = Client()
    client.force_login(member)
    detail = client.get(reverse("agencies:call_public_detail", args=[call.pk])).content.decode()
    assert reverse("agencies:call_apply", args=[call.pk]) not in detail
    response = client.post(
        reverse("agencies:call_apply", args=[call.pk]),
        {
            "organization": world.org_a.pk,
            "title": "Domanda non autorizzata",
            "summary": "s",
            "requested_amount": "1000",
        },
    )
    assert response.status_code == 403
    assert not m.Application.objects.filter(call=call).exists()

    referent = Client()
    referent.force_login(world.users["partner_a"])
    response = referent.post(
        reverse("agencies:call_apply", args=[call.pk]),
        {
            "organization": world.org_a.pk,
            "title": "Domanda del referente",
            "summary": "s",
            "requested_amount": str(Decimal("1000")),
        },
    )
    assert response.status_code == 302
    assert m.Application.objects.filter(call=call, organization=world.org_a).exists()
