"""The needs register: the status follows the linked responses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from agencies import models as m
from agencies import services
from cantieri.models import ActivityStatus
from territori.models import Quartiere
from tests.agencies import helpers as h

pytestmark = pytest.mark.django_db


def _two_quartieri() -> list[Quartiere]:
    return list(Quartiere.objects.order_by("name")[:2])


def test_need_status_follows_responses(world) -> None:
    q1, q2 = _two_quartieri()
    need = h.need(quartieri=[q1, q2])
    by = world.users["agency"]
    services.need_recompute_status(need=need)
    assert need.status == m.NeedStatus.NONE
    assert need.reason == m.NoAnswerReason.NOT_ASSESSED

    services.need_link(need=need, by=by, activity=h.activity(world.org_a, quartieri=[q1]))
    assert need.status == m.NeedStatus.PARTLY

    unit = m.ServiceUnit.objects.create(
        code="u1",
        name="Centro",
        provider=world.org_b,
        target_group=m.WelfareTargetGroup.objects.get(code="anziani"),
        quartiere=q2,
    )
    services.need_link(need=need, by=by, service_unit=unit)
    need.refresh_from_db()
    assert need.status == m.NeedStatus.ANSWERED
    assert need.reason == ""

    services.need_unlink(need=need, by=by, kind="service", pk=unit.pk)
    need.refresh_from_db()
    assert need.status == m.NeedStatus.PARTLY


def test_city_wide_activity_answers_every_quartiere(world) -> None:
    need = h.need(quartieri=_two_quartieri())
    act = h.activity(world.org_a, quartieri=[], city_wide=True)
    services.need_link(need=need, by=world.users["staff"], activity=act)
    assert need.status == m.NeedStatus.ANSWERED


def test_unapproved_activity_cannot_be_linked(world) -> None:
    need = h.need(quartieri=_two_quartieri())
    draft = h.activity(world.org_a, quartieri=[], status=ActivityStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.need_link(need=need, by=world.users["staff"], activity=draft)
    client = Client()
    client.force_login(world.users["agency"])
    response = client.post(reverse("agencies:need_link", args=[need.pk]), {"activity": draft.pk})
    assert response.status_code == 400
    assert "Nessuna attività approvata con questo numero." in response.content.decode()
    assert not need.activities.exists()


def test_other_agency_referent_cannot_link(world) -> None:
    from agencies.models import Agency
    from tests.world import make_user

    finanza = make_user("fin@example.org")
    Agency.objects.get(slug="finanza").referents.add(finanza)
    need = h.need(quartieri=_two_quartieri())
    client = Client()
    client.force_login(finanza)
    act = h.activity(world.org_a, quartieri=[], city_wide=True)
    response = client.post(reverse("agencies:need_link", args=[need.pk]), {"activity": act.pk})
    assert response.status_code == 403
    assert not need.activities.exists()
