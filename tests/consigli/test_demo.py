"""The councils' demo data: realistic shape, idempotent."""

from __future__ import annotations

import io
import random

import pytest

from citta_del_noi.core.seeding import DemoContext
from consigli import demo
from consigli.models import (
    Consiglio,
    Decision,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from consigli.selectors import members_in_office


@pytest.mark.django_db
def test_demo_seed_is_realistic_and_idempotent(reference) -> None:
    ctx = DemoContext(rng=random.Random(2016), stdout=io.StringIO())
    demo.seed(ctx)
    counts = (Meeting.objects.count(), Decision.objects.count(), Minutes.objects.count())
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    progetto = Consiglio.objects.get(slug="progetto")
    assert 23 <= members_in_office(indirizzo).count() <= 27
    assert 8 <= members_in_office(progetto).count() <= 12
    assert Meeting.objects.filter(starts_at__year=2016).exists()
    assert Meeting.objects.filter(starts_at__year=2019).exists()
    assert Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count() == 2  # one upcoming each
    assert Minutes.objects.filter(status=MinutesStatus.APPROVED).count() >= 30
    assert Decision.objects.filter(status="done").exists()
    assert Decision.objects.filter(status="dropped").exclude(drop_reason="").exists()
    demo.seed(DemoContext(rng=random.Random(2016), stdout=io.StringIO()))
    assert (Meeting.objects.count(), Decision.objects.count(), Minutes.objects.count()) == counts
