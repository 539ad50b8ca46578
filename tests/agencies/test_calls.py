"""Calls for proposals: ranking computed from the published criteria, award, follow-up."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies import models as m
from agencies import services
from agencies.selectors import call_ranking
from tests.agencies import helpers as h
from tests.world import make_user

pytestmark = pytest.mark.django_db


def test_ranking_and_award(world) -> None:
    staff = world.users["staff"]
    c = h.call(status=m.CallStatus.DRAFT)
    services.call_publish(call=c, by=staff)
    a = services.application_submit(
        call=c,
        organization=world.org_a,
        by=world.users["partner_a"],
        title="A",
        summary="s",
        requested_amount=Decimal("30000"),
    )
    b = services.application_submit(
        call=c,
        organization=world.org_b,
        by=world.users["partner_b"],
        title="B",
        summary="s",
        requested_amount=Decimal("20000"),
    )
    with pytest.raises(ValidationError):  # one application per organisation
        services.application_submit(
            call=c,
            organization=world.org_a,
            by=world.users["partner_a"],
            title="A2",
            summary="s",
            requested_amount=Decimal("1"),
        )
    services.call_close(call=c, by=staff)
    e1, e2 = make_user("e1@example.org"), make_user("e2@example.org")
    quality, network = list(c.criteria.order_by("order"))
    for ev, sa, sb in [(e1, (10, 5), (5, 5)), (e2, (8, 3), (5, 1))]:
        for app, (q, n) in [(a, sa), (b, sb)]:
            asg = services.evaluator_assign(application=app, evaluator=ev, by=staff)
            services.scores_save(
                assignment=asg, by=ev, scores={quality.pk: (q, ""), network.pk: (n, "")}
            )
    ranking: list[Any] = list(call_ranking(c))
    # A: e1 = 10/10*60 + 5/5*40 = 100; e2 = 8/10*60 + 3/5*40 = 72 → 86
    # B: e1 = 30 + 40 = 70; e2 = 30 + 8 = 38 → 54
    assert [r.pk for r in ranking] == [a.pk, b.pk]
    assert ranking[0].score == pytest.approx(86.0)
    assert ranking[1].score == pytest.approx(54.0)

    services.application_award(application=a, amount=Decimal("30000"), by=staff)
    with pytest.raises(ValidationError):
        services.application_award(application=b, amount=Decimal("80000"), by=staff)
    services.call_finalize(call=c, by=staff)
    b.refresh_from_db()
    assert b.status == m.ApplicationStatus.NOT_AWARDED
    assert m.Grant.objects.get().application == a


def test_publish_requires_criteria_and_future_deadline(world) -> None:
    c = m.Call.objects.create(
        title="x",
        description="d",
        budget=Decimal("1"),
        deadline=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.call_publish(call=c, by=world.users["staff"])
