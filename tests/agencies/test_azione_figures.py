"""Issue 14: the public page of a cantiere sums its approved activities, participants and
volunteers from the summary table instead of the activity table: the same whole numbers as the
activity records themselves, a record in several quartieri counted once, and a record that is
not approved never."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.figures import azione_figures
from cantieri import summary
from cantieri.demo import Generator, bulk_insert
from cantieri.models import ActivityRecord, ActivityStatus, Azione
from tests.cantieri.factories import period

pytestmark = pytest.mark.django_db


def _live(azione: Azione) -> list[int]:
    agg = ActivityRecord.objects.filter(azione=azione, status=ActivityStatus.APPROVED).aggregate(
        a=Count("pk"), p=Sum("participants_total"), v=Sum("volunteers")
    )
    return [agg["a"] or 0, agg["p"] or 0, agg["v"] or 0]


def test_cantiere_figures_equal_the_approved_records(world) -> None:
    gen = Generator(random.Random(5), [period()])
    gen.orgs = [world.org_a.pk, world.org_b.pk]
    bulk_insert(gen, 300)
    assert ActivityRecord.objects.exclude(status=ActivityStatus.APPROVED).exists()
    assert ActivityRecord.objects.annotate(n=Count("quartieri")).filter(n__gt=1).exists()
    summary.ensure_fresh(force=True)
    for azione in Azione.objects.all():
        shown = [f["value"] for f in azione_figures(azione)["figures"]]
        assert shown == _live(azione), azione.slug
        assert all(isinstance(v, int) for v in shown)


def test_an_approval_shows_on_the_cantiere_page(world) -> None:
    record = ActivityRecord.objects.filter(status=ActivityStatus.SUBMITTED).first()
    assert record is not None
    azione = record.azione
    before = _live(azione)
    url = reverse("agencies:azione_page", args=[azione.slug])
    client = Client()
    client.get(url)
    ActivityRecord.objects.filter(pk=record.pk).update(status=ActivityStatus.APPROVED)
    ActivityRecord.objects.filter(pk=record.pk).update(approved_at=timezone.now())
    summary.ensure_fresh(force=True)  # what the beat task (or the next check) does
    figures = client.get(url).context["figures"]["figures"]
    assert [f["value"] for f in figures] == _live(azione) != before
