"""Issue 14: the cold dashboard's queries are a fixed number, the same with a thousand and with
ten thousand records, for the first page and for a new filter combination; none of them scans
the activity table (the freshness check reads two index ends and the coverage groups, every
figure the summary tables); a web worker has its URL tables and templates ready before its first
request (citta_del_noi/core/warmup.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from cantieri import summary
from cantieri.models import ActivityRecord, FundingSource, TargetGroup
from citta_del_noi.core import warmup
from territori.models import Quartiere, Zona
from tests.consigli.activity_data import bulk_records, period
from tests.consigli.test_dashboard import DASHBOARD_PINS
from tests.consigli.test_dashboard_cache import NEW_COMBINATION_QUERIES
from tests.explain import seq_scans

pytestmark = pytest.mark.django_db
TABLE = ActivityRecord._meta.db_table


def _cold(client: Client, url: str) -> list[str]:
    """The SQL of a page with nothing cached (the freshness check included)."""
    summary.ensure_fresh(force=True)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def _new_combination(client: Client, url: str) -> int:
    """Queries of a filter combination not seen before, the rest of the page cached."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_cold_query_count_is_pinned_at_a_thousand_and_at_ten_thousand_records(
    world, client: Client
) -> None:
    quartieri = list(Quartiere.objects.all())
    groups = list(TargetGroup.objects.all())
    sources = list(FundingSource.objects.all())
    client.force_login(world.users["council"])
    index = reverse("cruscotto:index")
    zones = list(Zona.objects.order_by("order", "name").values_list("slug", flat=True))
    seen = []
    for n, name, zona in ((1_000, "P-mille", zones[0]), (9_000, "P-novemila", zones[1])):
        rp = period(name, date(2019, 1, 1), date(2019, 6, 30))
        bulk_records(n, world.org_a, rp, quartieri, groups, sources)
        cold = len(_cold(client, index))
        new = _new_combination(client, f"{index}?periodo={rp.pk}&zona={zona}")
        seen.append((cold, new))
    assert ActivityRecord.objects.count() >= 10_000
    expected = (DASHBOARD_PINS["council"][0], NEW_COMBINATION_QUERIES)
    assert seen == [expected, expected]


def _seq_scans_of_the_activity_table(sql: str) -> list[dict[str, Any]]:
    return seq_scans(sql, TABLE)


@pytest.mark.parametrize("role", ["council", "staff"])
def test_the_cold_dashboard_never_scans_the_activity_table(world, role: str) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("the EXPLAIN checks need PostgreSQL (CI_REQUIRE_SERVICES)")
    rp = period("P-explain", date(2019, 1, 1), date(2019, 6, 30))
    bulk_records(
        2_000,
        world.org_a,
        rp,
        list(Quartiere.objects.all()),
        list(TargetGroup.objects.all()),
        list(FundingSource.objects.all()),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
    client = Client()
    client.force_login(world.users[role])
    queries = _cold(client, reverse("cruscotto:index"))
    reading = [q for q in queries if f'"{TABLE}"' in q]
    # the freshness check: the latest approval and update, two index lookups in one query
    assert len(reading) == 1, reading
    for sql in reading:
        assert _seq_scans_of_the_activity_table(sql) == [], sql


def test_a_worker_warms_every_language_s_url_tables_and_compiles_the_project_templates() -> None:
    warmup.warm_urls()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        assert code in resolver._reverse_dict  # noqa: SLF001 - Django's per-language tables
    engine = engines["django"]
    base = Path(settings.BASE_DIR).resolve()
    names = {
        p.relative_to(Path(d).resolve()).as_posix()
        for d in engine.template_dirs
        if Path(d).resolve().is_relative_to(base) and "site-packages" not in Path(d).parts
        for p in Path(d).resolve().rglob("*.html")
    }
    # every template of the project compiles (none is left for its first visitor to find)
    assert len(names) > 100
    assert warmup.warm_templates() == len(names)
