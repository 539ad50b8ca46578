"""Activity lists at scale (issue 14): the zone set kept by the database, index-backed plans,
a capped count.

The EXPLAIN checks run on PostgreSQL with a few hundred records. At that size the planner
rightly prefers a sequential scan, so each plan is taken with `SET LOCAL enable_seqscan = off`
(and `enable_sort = off` for the ordered lists): the planner then still falls back to a
sequential scan, or to a full scan of the primary key plus a sort, when no index can serve the
query, so a missing or unusable index shows up as a Seq Scan or as the wrong index. On main,
the zone filter (two IN subqueries OR-ed) and the lists' order had no such index.
"""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cantieri import pagination, selectors
from cantieri.demo import Generator, bulk_insert
from cantieri.models import ActivityRecord, ActivityStatus, Azione
from cantieri.selectors import ActivityFilters
from cantieri.zones import zone_q
from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere, Zona

from .factories import period, quartiere_in, record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the zone set and the plans are PostgreSQL's"
    ),
]


def zone_ids(activity: ActivityRecord) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT zone_ids FROM cantieri_activityrecord WHERE id = %s", [activity.pk])
        return sorted(cursor.fetchone()[0])


def zid(slug: str) -> int:
    return Zona.objects.get(slug=slug).pk


def test_zone_set_follows_every_change(world) -> None:
    a = record(world.org_a, title="Due zone", quartieri=[quartiere_in("nord"), quartiere_in("est")])
    assert zone_ids(a) == sorted([zid("nord"), zid("est")])

    a.quartieri.set([quartiere_in("sud")])
    assert zone_ids(a) == [zid("sud")]

    punto = PuntoComunita.objects.exclude(quartiere__zona__slug="sud").first()
    assert punto is not None
    a.punto_comunita = punto
    a.save()
    assert zone_ids(a) == sorted({zid("sud"), punto.quartiere.zona_id})

    # Reference data: a quartiere moved to another zone moves its records with it.
    q = quartiere_in("sud")
    q.zona = Zona.objects.get(slug="ovest")
    q.save()
    assert zid("ovest") in zone_ids(a) and zid("sud") not in zone_ids(a)

    a.punto_comunita = None
    a.save()
    a.quartieri.clear()
    assert zone_ids(a) == []


def test_zone_set_after_bulk_insert(world) -> None:
    """The demo/benchmark COPY path and bulk_create: the triggers fill the set the same way."""
    gen = Generator(random.Random(3), [period()])
    gen.orgs = [world.org_a.pk]
    bulk_insert(gen, 60)
    through = ActivityRecord.quartieri.through
    for a in ActivityRecord.objects.all():
        expected = set(
            through.objects.filter(activityrecord=a).values_list("quartiere__zona_id", flat=True)
        )
        if a.punto_comunita is not None:
            expected.add(a.punto_comunita.quartiere.zona_id)
        assert zone_ids(a) == sorted(expected)
    # A later link change still moves the record.
    later = ActivityRecord.objects.filter(punto_comunita__isnull=True).first()
    assert later is not None
    a = later
    a.quartieri.set([quartiere_in("sud")])
    assert zone_ids(a) == [zid("sud")]


def _records_updated() -> int:
    """Row updates of the activity table in this transaction (PostgreSQL's own statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables"
            " WHERE relname = 'cantieri_activityrecord'"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def test_bulk_insert_rewrites_no_record(world) -> None:
    """The COPY path sends each record's zone set with it, and the links trigger rewrites only
    records whose set changes (cantieri 0012): seeding 1,000,000 records took 30 minutes when
    every batch was followed by an UPDATE of all its records."""
    gen = Generator(random.Random(5), [period()])
    gen.orgs = [world.org_a.pk]
    before = _records_updated()
    bulk_insert(gen, 200)
    assert _records_updated() == before
    assert ActivityRecord.objects.count() >= 200


def test_links_inserted_in_one_statement_give_each_record_its_set(world) -> None:
    """The links trigger's INSERT branch (one grouped query, 0015): each record of the
    statement gets the set of its own links and Punto Comunità, a wrong set is corrected."""
    punto = PuntoComunita.objects.filter(quartiere__isnull=False).first()
    assert punto is not None
    other = "sud" if punto.quartiere.zona.slug != "sud" else "nord"  # a zone besides the punto's
    two = record(world.org_a, title="Due zone")
    with_punto = record(world.org_a, title="Con punto")
    ActivityRecord.objects.filter(pk=with_punto.pk).update(punto_comunita=punto)
    untouched = record(
        world.org_a, title="Senza collegamenti nuovi", quartieri=[quartiere_in("sud")]
    )
    through = ActivityRecord.quartieri.through
    through.objects.filter(activityrecord_id__in=[two.pk, with_punto.pk]).delete()
    with connection.cursor() as cursor:  # a wrong stored set, as a bulk path might send
        cursor.execute(
            "UPDATE cantieri_activityrecord SET zone_ids = '{999}' WHERE id IN (%s, %s)",
            [two.pk, with_punto.pk],
        )
    through.objects.bulk_create(  # one INSERT statement
        [
            through(activityrecord_id=two.pk, quartiere_id=quartiere_in("nord").pk),
            through(activityrecord_id=two.pk, quartiere_id=quartiere_in("est").pk),
            through(activityrecord_id=with_punto.pk, quartiere_id=quartiere_in(other).pk),
        ]
    )
    assert zone_ids(two) == sorted([zid("nord"), zid("est")])
    assert zone_ids(with_punto) == sorted({zid(other), punto.quartiere.zona_id})
    assert len(zone_ids(with_punto)) == 2
    assert zone_ids(untouched) == [zid("sud")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cantieri_activityrecord"
            " WHERE zone_ids IS DISTINCT FROM cantieri_zone_ids_of(id, punto_comunita_id)"
        )
        assert cursor.fetchone() == (0,)


def test_zone_filter_same_records_as_the_links(world) -> None:
    """The column and the link tables agree, also inside a subquery (aliased table)."""
    nord = [quartiere_in("nord")]
    est = [quartiere_in("est")]
    in_nord = record(world.org_a, title="Nord", quartieri=nord)
    both = record(world.org_a, title="Nord ed Est", quartieri=nord + est)
    only_est = record(world.org_a, title="Est", quartieri=est)
    punto = PuntoComunita.objects.filter(quartiere__zona__slug="nord").first()
    assert punto is not None
    by_punto = record(world.org_a, title="Al punto", quartieri=est)
    by_punto.punto_comunita = punto
    by_punto.save()
    through = ActivityRecord.quartieri.through
    expected = set(
        through.objects.filter(quartiere__zona__slug="nord").values_list(
            "activityrecord_id", flat=True
        )
    ) | set(
        ActivityRecord.objects.filter(punto_comunita__quartiere__zona__slug="nord").values_list(
            "pk", flat=True
        )
    )
    assert {in_nord.pk, both.pk, by_punto.pk} <= expected and only_est.pk not in expected
    qs = ActivityRecord.objects.filter(zone_q([zid("nord")]))
    assert set(qs.values_list("pk", flat=True)) == expected
    outer = ActivityRecord.objects.filter(pk__in=qs.values("pk"))
    assert set(outer.values_list("pk", flat=True)) == expected
    # Zone-limited staff see their zone's records and the city-wide ones.
    record(world.org_b, title="Tutta la città", city_wide=True)
    city = set(ActivityRecord.objects.filter(city_wide=True).values_list("pk", flat=True))
    visible = selectors.activities_visible_to(world.users["staff_zone"])
    assert set(visible.values_list("pk", flat=True)) == expected | city


def test_coverage_counts_each_zone_a_record_touches(world) -> None:
    nord, est = quartiere_in("nord"), quartiere_in("est")
    record(world.org_a, title="Nord ed Est", quartieri=[nord, est], total=7)
    record(world.org_a, title="Est", quartieri=[est], total=5)
    record(world.org_a, title="Città", city_wide=True, total=3)
    mine = ActivityRecord.objects.filter(title__in=["Nord ed Est", "Est", "Città"])
    matrix = selectors.coverage_matrix(mine)
    row = next(r for r in matrix["rows"] if r["azione"].slug == "anziani")
    cells = {zone.slug: cell for zone, cell in row["zones"]}
    assert cells["nord"] == {"n": 1, "p": 7}
    assert cells["est"] == {"n": 2, "p": 12}
    assert cells["sud"] == {"n": 0, "p": 0}
    assert row["city"] == {"n": 1, "p": 3}
    assert row["total"] == {"n": 3, "p": 15}


def test_long_list_count_stops_at_the_cap(world, monkeypatch) -> None:
    for i in range(4):
        record(world.org_a, title=f"Attività {i}", status=ActivityStatus.SUBMITTED)
    client = Client()
    client.force_login(world.users["staff"])
    monkeypatch.setattr(pagination, "CAP", 3)
    page = client.get(reverse("cantieri:activity_list")).content.decode()
    assert "Più di 3 attività trovate" in page
    queue = client.get(reverse("cantieri:review_queue")).content.decode()
    assert "Più di 3 attività" in queue
    monkeypatch.setattr(pagination, "CAP", 10_000)
    page = client.get(reverse("cantieri:activity_list")).content.decode()
    assert f"{ActivityRecord.objects.count()} attività trovate" in page
    assert "Più di" not in page


# --- EXPLAIN ---------------------------------------------------------------------------------


@pytest.fixture
def hundreds(world) -> None:
    gen = Generator(random.Random(14), [period()])
    gen.orgs = [world.org_a.pk, world.org_b.pk]
    bulk_insert(gen, 400)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cantieri_activityrecord")


def activity_scans(qs: Any, *, ordered: bool) -> list[dict]:
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if ordered:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found: list[dict] = []

    def walk(node: dict) -> None:
        if node.get("Relation Name") == ActivityRecord._meta.db_table:
            found.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


LIST_INDEXES = {
    "act_list_order",
    "act_status_list_order",
    "act_period_list_order",
    "act_zone_ids_gin",
    "act_title_upper_trgm",
    "act_status_azione_start",
    "act_org_list_order",
    "act_azione_period_order",
}
REVIEW_INDEXES = {"act_review_order", "act_status_submitted"}


def check(qs: Any, allowed: set[str], *, ordered: bool = True) -> None:
    scans = activity_scans(qs, ordered=ordered)
    assert scans, "the activity table is not read?"
    for node in scans:
        assert node["Node Type"] != "Seq Scan", (node, str(qs.query))
        assert node.get("Index Name") in allowed, (node, str(qs.query))


def test_main_list_queries_use_indexes(world, hundreds) -> None:
    users = world.users
    nord = Zona.objects.get(slug="nord")
    rp = period()
    lists = [
        (users["staff"], ActivityFilters()),
        (users["staff"], ActivityFilters(zona=nord)),
        (users["staff"], ActivityFilters(zona=nord, status=ActivityStatus.APPROVED)),
        (users["staff"], ActivityFilters(zona=nord, reporting_period=rp)),
        (
            users["staff"],
            ActivityFilters(
                zona=nord,
                azione=Azione.objects.get(slug="anziani"),
                status=ActivityStatus.APPROVED,
                reporting_period=rp,
            ),
        ),
        (users["staff_zone"], ActivityFilters()),
        (users["council"], ActivityFilters()),
        (users["partner_a"], ActivityFilters()),
        (users["staff"], ActivityFilters(organization=world.org_a, status=ActivityStatus.APPROVED)),
    ]
    for user, f in lists:
        qs = selectors.activities_filtered_for(user, f)
        check(qs[:50], LIST_INDEXES)  # a page
        check(qs.values("pk")[: pagination.CAP + 1], LIST_INDEXES)  # the capped count
    # The review queue, by zone and for staff limited to a zone.
    for user, f in (
        (users["staff"], ActivityFilters()),
        (users["staff"], ActivityFilters(zona=nord)),
        (users["staff_zone"], ActivityFilters()),
    ):
        qs = selectors.review_queue_for(user, f)
        check(qs[:50], REVIEW_INDEXES)
    # Text search: the trigram index (or the ordered list index, filtering as it goes).
    qs = selectors.activities_filtered_for(users["staff"], ActivityFilters(q="ginnastica"))
    check(qs[:50], LIST_INDEXES, ordered=False)
    # The zone filter alone (coverage, counts): the zone set's GIN index or the list index.
    check(ActivityRecord.objects.filter(zone_q([nord.pk])), LIST_INDEXES, ordered=False)
    assert Quartiere.objects.exists()


# --- Pinned queries, cached drop-downs (issue 14: a list page costs the same at any size) -----

LIST_PAGES = [
    "/attivita/",
    "/attivita/?pagina=2",
    "/attivita/?q=Attivit",
    "/attivita/?status=approved",
]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def _more_records(world, n: int) -> None:
    """Records of both partners, in several zones and periods (more related rows per page)."""
    places = [quartiere_in(z) for z in ("nord", "est", "sud", "ovest")]
    periods = [period(), period("2018-H2", date(2018, 7, 1), date(2018, 12, 31))]
    for i in range(n):
        record(
            world.org_a if i % 2 else world.org_b,
            title=f"Attività {i}",
            status=ActivityStatus.APPROVED if i % 3 else ActivityStatus.SUBMITTED,
            rp=periods[i % 2],
            quartieri=places[i % 4 : i % 4 + 2],
            city_wide=i % 7 == 0,
        )


# Queries of a list page after a first request, in the test settings (no role cache): the
# session, the user, the viewer's roles, the capped count, the notices badge, the rows and their
# quartieri; the drop-downs' options come from the cache. One more per chosen filter value (the
# form validates it against the viewer's choices).
PINNED = {"staff": 12, "staff_zone": 12, "partner_a": 11, "council": 11}


@pytest.mark.parametrize("role", sorted(PINNED))
def test_list_pages_run_a_pinned_number_of_queries(world, role) -> None:
    client = Client()
    client.force_login(world.users[role])
    _more_records(world, 6)
    client.get("/attivita/")  # the drop-downs' options into the cache
    small = {url: _queries(client, url) for url in LIST_PAGES}
    _more_records(world, 120)
    large = {url: _queries(client, url) for url in LIST_PAGES}
    assert small == large  # no query per row, per organisation, per quartiere
    assert set(large.values()) == {PINNED[role]}, large
    zona = Zona.objects.get(slug="nord")
    rp = period()
    combo = f"/attivita/?zona={zona.pk}&azione={Azione.objects.get(slug='anziani').pk}"
    combo += f"&status=approved&reporting_period={rp.pk}"
    assert _queries(client, combo) == PINNED[role] + 3


def test_review_queue_and_periods_run_a_pinned_number_of_queries(world) -> None:
    _more_records(world, 6)
    client = Client()
    client.force_login(world.users["staff"])
    client.get("/attivita/revisione/")
    nord = Zona.objects.get(slug="nord")
    small = [_queries(client, u) for u in ("/attivita/revisione/", "/attivita/periodi/")]
    small.append(_queries(client, f"/attivita/revisione/?zona={nord.pk}"))
    _more_records(world, 120)
    large = [_queries(client, u) for u in ("/attivita/revisione/", "/attivita/periodi/")]
    large.append(_queries(client, f"/attivita/revisione/?zona={nord.pk}"))
    assert small == large
    assert large == [PINNED["staff"], 10, PINNED["staff"] + 1], large


def _options(page: str, name: str) -> list[str]:
    """The labels of a drop-down's options."""
    select = page.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in select.split("<option")[1:]]


def test_drop_downs_follow_the_reference_data(world, django_capture_on_commit_callbacks) -> None:
    """The cached options change with the organisations and periods they list, and a partner
    is offered only their own organisations."""
    staff = Client()
    staff.force_login(world.users["staff"])
    page = staff.get("/attivita/").content.decode()
    assert world.org_a.name in _options(page, "organization")
    assert world.org_b.name in _options(page, "organization")
    partner = Client()
    partner.force_login(world.users["partner_a"])
    mine = _options(partner.get("/attivita/").content.decode(), "organization")
    assert world.org_a.name in mine and world.org_b.name not in mine
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.create(name="Fondazione Gamma", slug="gamma", codice_fiscale="x")
        period("2030-H1", date(2030, 1, 1), date(2030, 6, 30))
    page = staff.get("/attivita/").content.decode()
    assert "Fondazione Gamma" in _options(page, "organization")
    assert "2030-H1" in _options(page, "reporting_period")
    with django_capture_on_commit_callbacks(execute=True):
        Organization.objects.filter(name="Fondazione Gamma").update(active=False)
        Organization.objects.get(name="Fondazione Gamma").save()
    page = staff.get("/attivita/").content.decode()
    assert "Fondazione Gamma" not in _options(page, "organization")
    # A partner cannot pick another partner's organisation, cached options or not.
    refused = partner.get(f"/attivita/?organization={world.org_b.pk}").content.decode()
    assert world.org_b.name not in _options(refused, "organization")


def test_partner_and_filter_lists_use_their_indexes(world, hundreds) -> None:
    """A partner's own list and the organisation / action + period filters read the indexes
    that lead with those columns (cantieri 0013), for the page and for the capped count."""
    users = world.users
    rp = period()
    anziani = Azione.objects.get(slug="anziani")
    allowed = {"act_org_list_order", "act_azione_period_order", "act_list_order"}
    for user, f in (
        (users["partner_a"], ActivityFilters()),
        (users["staff"], ActivityFilters(organization=world.org_a)),
        (users["staff"], ActivityFilters(azione=anziani, reporting_period=rp)),
        (users["staff_zone"], ActivityFilters(azione=anziani, reporting_period=rp)),
    ):
        qs = selectors.activities_filtered_for(user, f)
        check(selectors.activity_rows(qs)[:50], allowed)
        check(qs.values("pk")[: pagination.CAP + 1], allowed)


# --- Text search and deep pages (issue 14: `?q=` and `pagina 5` of zone staff and council) ----

SEARCH_VIEWERS = ("staff_zone", "council", "partner_a", "staff")


def _plain_rows(world, role: str, q: str) -> Any:
    """The straightforward query: the visibility rules of selectors' docstring written out over
    the link tables, Django's own `icontains`, the lists' order."""
    user = world.users[role]
    qs = ActivityRecord.objects.all()
    if role == "staff_zone":
        zones = list(user.staff_zones.values_list("pk", flat=True))
        through = ActivityRecord.quartieri.through
        qs = qs.filter(
            Q(city_wide=True)
            | Q(
                pk__in=through.objects.filter(quartiere__zona_id__in=zones).values(
                    "activityrecord_id"
                )
            )
            | Q(punto_comunita__quartiere__zona_id__in=zones)
        )
    elif role == "council":
        qs = qs.filter(status=ActivityStatus.APPROVED)
    elif role == "partner_a":
        qs = qs.filter(organization=world.org_a)
    return qs.filter(title__icontains=q).order_by("-period_start", "-pk")


@pytest.fixture
def searchable(world, hundreds) -> list[str]:
    """Titles that test the search's case folding, accents and LIKE's wildcards."""
    nord, est = quartiere_in("nord"), quartiere_in("est")
    rp = period()
    titles = [
        "Ginnastica dolce",
        "GINNASTICA per tutti",
        "ginnastica al parco",
        "Città in festa",
        "CITTÀ in festa",
        "Sconto 100% soci",
        "Sconto 100 soci",
        "Corso a_b",
        "Corso aXb",
    ]
    for i, title in enumerate(titles * 3):
        record(
            world.org_a if i % 2 else world.org_b,
            title=title,
            status=ActivityStatus.APPROVED if i % 3 else ActivityStatus.SUBMITTED,
            rp=rp,
            quartieri=[nord] if i % 4 == 0 else [est],
            city_wide=i % 5 == 0,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cantieri_activityrecord")
    return ["ginnastica", "GINNASTICA", "città", "100%", "a_b", "Attivit", "festa", "nessuna"]


def test_text_search_and_pages_show_the_same_rows_as_the_plain_query(world, searchable) -> None:
    """The text search on the stored capitals, the zone set and the deferred page join show
    each viewer exactly the rows, order, pages and count of the plain query."""
    some = 0
    for role in SEARCH_VIEWERS:
        user = world.users[role]
        for q in searchable:
            qs = selectors.activity_rows(
                selectors.activities_filtered_for(user, ActivityFilters(q=q))
            )
            expected = list(_plain_rows(world, role, q).values_list("pk", flat=True))
            assert list(qs.values_list("pk", flat=True)) == expected, (role, q)
            paginator = pagination.CappedPaginator(qs, 7, cap=pagination.CAP_TEXT_SEARCH)
            assert paginator.count == len(expected), (role, q)
            for number in paginator.page_range:
                shown = [a.pk for a in paginator.page(number).object_list]
                assert shown == expected[(number - 1) * 7 : number * 7], (role, q, number)
            some += bool(expected)
        # Deep pages of the unfiltered list, too.
        qs = selectors.activity_rows(selectors.activities_filtered_for(user, ActivityFilters()))
        expected = list(_plain_rows(world, role, "").values_list("pk", flat=True))
        paginator = pagination.CappedPaginator(qs, 50)
        for number in paginator.page_range:
            shown = [a.pk for a in paginator.page(number).object_list]
            assert shown == expected[(number - 1) * 50 : number * 50], (role, number)
    assert some >= 20  # the searches found rows for every viewer
    # The escaping: "100%" and "a_b" are text, not wildcards.
    council = world.users["council"]
    found = selectors.activities_filtered_for(council, ActivityFilters(q="100%"))
    assert set(found.values_list("title", flat=True)) == {"Sconto 100% soci"}
    found = selectors.activities_filtered_for(council, ActivityFilters(q="a_b"))
    assert set(found.values_list("title", flat=True)) == {"Corso a_b"}
    # And the page itself, through the view.
    client = Client()
    client.force_login(world.users["staff_zone"])
    page = client.get("/attivita/?q=GINNASTICA").content.decode()
    expected_titles = set(
        _plain_rows(world, "staff_zone", "GINNASTICA").values_list("title", flat=True)
    )
    assert expected_titles and all(t in page for t in expected_titles)
    assert "Città in festa" not in page


def _scan_filters(node: dict) -> str:
    return " ".join(str(node.get(k, "")) for k in ("Filter", "Index Cond", "Recheck Cond"))


def test_text_search_plans_of_zone_staff_and_council_use_the_covering_indexes(
    world, searchable
) -> None:
    """`?q=` of a zone-limited viewer and of a council member, the capped count and the page:
    an index of the lists' order that holds the title in capitals (no Seq Scan, no UPPER() of
    each title, no table fetch per tested record); the council's approved records through the
    index that leads with the status (before: act_status_start, without the title)."""
    expected_index = {"staff_zone": "act_list_order", "council": "act_status_list_order"}
    for role, index in expected_index.items():
        qs = selectors.activities_filtered_for(world.users[role], ActivityFilters(q="ginnastica"))
        count = qs.values("pk")[: pagination.CAP_TEXT_SEARCH + 1]
        page = pagination.CappedPaginator(
            selectors.activity_rows(qs), 50, cap=pagination.CAP_TEXT_SEARCH
        ).page(2 if qs.count() > 50 else 1)
        for query in (count, page.object_list):
            scans = activity_scans(query, ordered=True)
            assert scans, role
            for node in scans:
                assert node["Node Type"] != "Seq Scan", (role, node)
            walk = [n for n in scans if n.get("Index Name") == index]
            assert walk, (role, [n.get("Index Name") for n in scans])
            text = " ".join(_scan_filters(n) for n in walk).lower()
            assert "title_upper" in text and "upper((title)" not in text, (role, text)
    # A rare word: the trigram index on the stored capitals.
    rare = selectors.activities_filtered_for(world.users["council"], ActivityFilters(q="a_b"))
    scans = activity_scans(rare.values("pk"), ordered=False)
    assert {n.get("Index Name") for n in scans} <= LIST_INDEXES | {"act_status_list_order"}
    assert all(n["Node Type"] != "Seq Scan" for n in scans)
