"""Indicators aggregate as their meaning says (issue 10, point 2).

One hand-checkable data set: three reporting periods, two zones (Nord: quartieri n1 and n2;
Sud: quartiere s1), five approved records of one cantiere, each in one quartiere:

    period  record  org  quartiere  participants  new  volunteers
    P1      r1      A    n1 (Nord)  10            4    3
    P1      r2      B    s1 (Sud)   30            6    1
    P2      r3      A    n2 (Nord)  20            10   5
    P2      r4      A    s1 (Sud)   10            2    2
    P3      r5      B    n1 (Nord)  25            8    4

City per period: participants 40 / 30 / 25, new 10 / 12 / 8, volunteers 4 / 7 / 4.
  sum of participants 95; last 25 (P3); weighted share of new 30/95 = 31.58 %;
  plain mean of volunteers 5; max of volunteers 7; distinct quartieri 3 (per-period counts
  2 + 2 + 1 = 5 would be the sum); distinct organisations 2 (2 + 1 + 1 = 4 summed).
Nord: participants 10 / 20 / 25 = 55, new 22 → 40 %, volunteers max 5, last 4, mean 4,
  quartieri 2, organisations 2 (A, B).
Sud:  participants 30 / 10 = 40, new 8 → 20 %, volunteers max 2, last 2 (P2, its latest),
  mean 1.5, quartieri 1, organisations 2 (B in P1, A in P2).
Measured (city-wide): satisfaction % 60 (base 100), 80 (base 300), 70 (base 100) → weighted
  37,000 / 500 = 74; a score 6 / 7 / 8 → plain mean 7; drop-out % (lower is better, last
  value) 14 / 13 / 12 → 12.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bilancio_sociale.registry import Period
from cantieri import bilancio, summary
from cantieri.indicator_rules import (
    Point,
    aggregate_last,
    aggregate_max,
    aggregate_mean,
    aggregate_sum,
    aggregate_weighted_mean,
    indicator_figures,
    reached,
)
from cantieri.models import (
    ActivityRecord,
    Azione,
    Indicator,
    IndicatorTarget,
    Measurement,
)
from consigli.dashboard import DashboardFilters
from consigli.dashboard_selectors import alerts, flag_lookup, indicators_status
from territori.models import Quartiere, Zona
from tests.consigli.activity_data import period, record

pytestmark = pytest.mark.django_db

# code: (computation, unit, aggregation, per-period targets, direction)
INDICATORS = {
    "i-sum": ("participants", "persone", "sum", (30, 30, 30), "higher"),
    "i-wavg": ("new_participants_share", "%", "weighted_mean", (30, 35, 40), "higher"),
    "i-mean": ("volunteers", "persone", "mean", (4, 5, 6), "higher"),
    "i-last": ("participants", "persone", "last", (20, 25, 30), "higher"),
    "i-max": ("volunteers", "persone", "max", (5, 6, 6), "higher"),
    "i-quart": ("quartieri", "quartieri", "distinct", (25, 25, 25), "higher"),
    "i-orgs": ("organizations", "organizzazioni", "distinct", (2, 2, 2), "higher"),
    "m-pct": ("manual", "%", "", (55, 60, 65), "higher"),
    "m-score": ("manual", "punti", "mean", (6, 6, 8), "higher"),
    "m-drop": ("manual", "%", "last", (13, 12, 11), "lower"),
}
MEASURED: dict[str, list[tuple[int, int | None]]] = {
    "m-pct": [(60, 100), (80, 300), (70, 100)],
    "m-score": [(6, None), (7, None), (8, None)],
    "m-drop": [(14, None), (13, None), (12, None)],
}


@pytest.fixture
def data(world):
    cache.clear()
    ActivityRecord.objects.all().delete()
    Indicator.objects.all().delete()
    nord = world.zona_nord
    sud = Zona.objects.exclude(pk=nord.pk).order_by("order", "name").first()
    n1, n2 = list(Quartiere.objects.filter(zona=nord).order_by("name")[:2])
    s1 = Quartiere.objects.filter(zona=sud).order_by("name").first()
    cantiere = Azione.objects.get(slug="poverta")
    periods = [
        period("Agg P1", date(2019, 1, 1), date(2019, 6, 30)),
        period("Agg P2", date(2019, 7, 1), date(2019, 12, 31)),
        period("Agg P3", date(2020, 1, 1), date(2020, 6, 30)),
    ]
    p1, p2, p3 = periods
    a, b = world.org_a, world.org_b
    record(a, cantiere, p1, quartieri=[n1], participants=10, new=4, volunteers=3)
    record(b, cantiere, p1, quartieri=[s1], participants=30, new=6, volunteers=1)
    record(a, cantiere, p2, quartieri=[n2], participants=20, new=10, volunteers=5)
    record(a, cantiere, p2, quartieri=[s1], participants=10, new=2, volunteers=2)
    record(b, cantiere, p3, quartieri=[n1], participants=25, new=8, volunteers=4)
    inds = {}
    for order, (code, (comp, unit, agg, targets, direction)) in enumerate(INDICATORS.items()):
        ind = Indicator(
            azione=cantiere,
            code=code,
            name=f"Indicatore {code}",
            kind="outcome" if code.startswith("m-") else "output",
            unit=unit,
            computation=comp,
            aggregation=agg,
            direction=direction,
            order=order,
        )
        ind.full_clean()
        ind.save()
        inds[code] = ind
        for rp, value in zip(periods, targets, strict=True):
            IndicatorTarget.objects.create(indicator=ind, reporting_period=rp, value=value)
        measured: list[tuple[int, int | None]] = MEASURED.get(code, [])
        for rp, (measured_value, base) in zip(periods, measured, strict=False):
            Measurement.objects.create(
                indicator=ind,
                reporting_period=rp,
                measured_on=rp.end,
                value=Decimal(measured_value),
                base=base,
                source="Indagine",
            )
    summary.rebuild()
    return {"inds": inds, "periods": periods, "nord": nord, "sud": sud, "world": world}


def _values(data, **scope) -> dict[str, tuple]:
    figures = indicator_figures(list(data["inds"].values()), **scope)
    return {
        code: (figures[ind.pk].value, figures[ind.pk].target, figures[ind.pk].reached)
        for code, ind in data["inds"].items()
    }


def test_rules_by_hand() -> None:
    pts = [
        Point(date(2019, 1, 1), 25.0, 10.0, 40.0),
        Point(date(2019, 7, 1), 40.0, 12.0, 30.0),
        Point(date(2020, 1, 1), 32.0, 8.0, 25.0),
    ]
    assert aggregate_sum(pts) == 97
    assert aggregate_mean(pts) == pytest.approx(97 / 3)
    assert aggregate_weighted_mean(pts) == pytest.approx(30 / 95)
    assert aggregate_last(list(reversed(pts))) == 32
    assert aggregate_max(pts) == 40
    # Without denominators a weighted mean is the plain mean.
    assert aggregate_weighted_mean([Point(date(2019, 1, 1), 6), Point(date(2019, 7, 1), 8)]) == 7
    assert reached("higher", 5, 5) and not reached("higher", 4.9, 5)
    assert reached("lower", 11, 11) and not reached("lower", 12, 11)


def test_whole_programme_aggregates_each_indicator_by_its_rule(data) -> None:
    v = _values(data)
    assert v["i-sum"] == (95, 90, True)
    assert v["i-wavg"] == (31.58, 35, False)  # 30 / 95 new, never summed
    assert v["i-mean"] == (5, 5, True)
    assert v["i-last"] == (25, 30, False)
    assert v["i-max"] == (7, 6, True)
    assert v["i-quart"] == (3, 25, False)  # the target is 25 quartieri, not 75
    assert v["i-orgs"] == (2, 2, True)
    assert v["m-pct"] == (74, 60, True)  # weighted by the bases; targets 55/60/65 → 60
    assert v["m-score"] == (7, pytest.approx(6.67, abs=0.01), True)
    assert v["m-drop"] == (12, 11, False)  # lower is better: 12 is above the target 11


def test_one_period_and_each_zone(data) -> None:
    p1 = data["periods"][0]
    v = _values(data, period_ids=[p1.pk])
    assert v["i-sum"] == (40, 30, True)
    assert v["i-wavg"] == (25, 30, False)
    assert v["i-quart"] == (2, 25, False)
    assert v["m-drop"] == (14, 13, False)
    nord = _values(data, zona_id=data["nord"].pk)
    sud = _values(data, zona_id=data["sud"].pk)
    # Sums and counts are the zone's own; the city's targets are not a zone's targets.
    assert nord["i-sum"] == (55, None, None) and sud["i-sum"] == (40, None, None)
    assert nord["i-last"][0] == 25 and sud["i-last"][0] == 10  # Sud's latest period is P2
    assert nord["i-max"][0] == 5 and sud["i-max"][0] == 2
    assert nord["i-quart"][0] == 2 and sud["i-quart"][0] == 1
    assert nord["i-orgs"][0] == 2 and sud["i-orgs"][0] == 2
    # Rates and averages compare with the city's target in each zone.
    assert nord["i-wavg"] == (40, 35, True) and sud["i-wavg"] == (20, 35, False)
    assert nord["i-mean"] == (4, 5, False) and sud["i-mean"] == (1.5, 5, False)
    # Measured indicators are the city's wherever one looks.
    assert nord["m-pct"] == sud["m-pct"] == (74, 60, True)


def test_distinct_count_never_exceeds_the_quartieri_that_exist(data) -> None:
    ind = data["inds"]["i-quart"]
    IndicatorTarget.objects.filter(indicator=ind).update(value=500)
    fig = indicator_figures([ind])[ind.pk]
    assert fig.cap == Quartiere.objects.count()
    assert fig.target == Quartiere.objects.count() and fig.value == 3
    in_nord = indicator_figures([ind], zona_id=data["nord"].pk)[ind.pk]
    assert in_nord.cap == Quartiere.objects.filter(zona=data["nord"]).count()


def test_a_percentage_cannot_be_summed(data) -> None:
    ind = data["inds"]["m-pct"]
    ind.aggregation = "sum"
    with pytest.raises(ValidationError) as exc:
        ind.full_clean()
    assert "aggregation" in exc.value.message_dict
    quart = data["inds"]["i-quart"]
    quart.aggregation = "sum"
    with pytest.raises(ValidationError):
        quart.full_clean()


def test_indicator_page_whole_programme(data, client: Client) -> None:
    client.force_login(data["world"].users["staff"])
    body = client.get(reverse("cantieri:indicator_list")).content.decode()
    rows = {}
    for chunk in body.split('<tr data-indicator="')[1:]:
        code = chunk.split('"', 1)[0]
        value = chunk.split('data-figure="value">', 1)[1].split("<", 1)[0].strip()
        target = chunk.split('data-figure="target">', 1)[1].split("<", 1)[0].strip()
        outcome = chunk.split('data-figure="outcome">', 1)[1].split("</td>", 1)[0]
        rows[code] = (value, target, "non raggiunto" not in outcome and "raggiunto" in outcome)
    assert rows["i-sum"] == ("95", "90", True)
    assert rows["i-wavg"] == ("31,58", "35", False)
    assert rows["i-quart"] == ("3", "25", False)
    assert rows["m-pct"] == ("74", "60", True)
    assert rows["m-drop"] == ("12", "11", False)
    assert "Media ponderata" in body and "più basso è meglio" in body


def test_bilancio_blocks_aggregate_the_edition(data) -> None:
    edition = Period(date(2019, 1, 1), date(2020, 6, 30))
    rows = {r["codice"]: r for r in bilancio.outputs_block(edition)["rows"]}
    rows |= {r["codice"]: r for r in bilancio.outcomes_block(edition)["rows"]}
    assert (rows["i-sum"]["valore"], rows["i-sum"]["obiettivo"]) == (95, 90)
    assert (rows["i-wavg"]["valore"], rows["i-wavg"]["obiettivo"]) == (31.6, 35)
    assert (rows["i-last"]["valore"], rows["i-last"]["esito"]) == (25, "non raggiunto")
    assert (rows["i-max"]["valore"], rows["i-max"]["obiettivo"]) == (7, 6)
    assert (rows["i-quart"]["valore"], rows["i-quart"]["obiettivo"]) == (3, 25)
    assert rows["m-pct"]["valore"] == 74 and rows["m-pct"]["obiettivo"] == 60
    assert rows["m-drop"]["esito"] == "non raggiunto"
    index = {r["codice"]: r for r in bilancio.indicator_index_block(edition)["rows"]}
    assert index["m-pct"]["aggregazione"] == "Media ponderata"
    assert index["m-drop"]["direzione"] == "Più basso è meglio"


def test_dashboard_indicator_table_follows_the_zone_filter(data, client: Client) -> None:
    client.force_login(data["world"].users["council"])
    nord = data["nord"]
    body = client.get(reverse("cruscotto:index") + f"?zona={nord.slug}").content.decode()
    row = body.split('<tr data-indicator="i-sum">', 1)[1].split("</tr>", 1)[0]
    assert 'data-figure="value">55' in row and "Obiettivo solo cittadino" in row
    row = body.split('<tr data-indicator="i-wavg">', 1)[1].split("</tr>", 1)[0]
    assert 'data-figure="value">40' in row and "Obiettivo raggiunto" in row
    row = body.split('<tr data-indicator="m-pct">', 1)[1].split("</tr>", 1)[0]
    assert "dato dell&#x27;intera città" in row or "dato dell'intera città" in row


def test_lower_is_better_alerts_only_above_target(data) -> None:
    drop = data["inds"]["m-drop"]
    drop.baseline_value = Decimal(14)
    drop.save()
    p1, _p2, p3 = data["periods"]
    cantiere = drop.azione_id
    # Whole programme: last value 12 above the target 11 (summed targets would say 36).
    whole = alerts(DashboardFilters(azione_id=cantiere))
    keys = [i["code"] for i in whole["off_target"]]
    assert "m-drop" not in keys  # 2/3 of the way from 14 to 11: "in avvicinamento"
    Measurement.objects.filter(indicator=drop, reporting_period=p3).update(value=Decimal(20))
    whole = alerts(DashboardFilters(azione_id=cantiere))
    flag = next(i for i in whole["off_target"] if i["code"] == "m-drop")
    found = flag_lookup(flag["key"])
    assert found is not None and found["indicator"] == drop
    # Below target: reached, no alert, and its key cannot be put on an agenda.
    Measurement.objects.filter(indicator=drop, reporting_period=p3).update(value=Decimal(9))
    status = {i["code"]: i for i in indicators_status(DashboardFilters(azione_id=cantiere))}
    assert status["m-drop"]["status"] == "success"
    assert "m-drop" not in [
        i["code"] for i in alerts(DashboardFilters(azione_id=cantiere))["off_target"]
    ]
    assert flag_lookup(flag["key"]) is None
    # One period: 14 against 13, from a baseline of 14: no way made → an alert.
    one = DashboardFilters(period_id=p1.pk, period_start=p1.start, period_end=p1.end)
    assert "m-drop" in [i["code"] for i in alerts(one)["off_target"]]


def test_zone_view_raises_no_false_gap_on_city_targets(data) -> None:
    IndicatorTarget.objects.filter(indicator=data["inds"]["i-sum"]).update(value=1000)
    city = [i["code"] for i in alerts(DashboardFilters())["off_target"]]
    assert "i-sum" in city
    nord = [i["code"] for i in alerts(DashboardFilters(zona_id=data["nord"].pk))["off_target"]]
    assert "i-sum" not in nord


def test_undeclared_indicators_aggregate_by_their_meaning(world, client: Client) -> None:
    """Indicators created before aggregations existed (or without one): "Tutto il programma"
    used to show a percentage target of 55 + 60 + 65 = 180 and a lower-is-better drop-out rate
    of 13 % as reached against 13 + 12 + 11 = 36."""
    Indicator.objects.all().delete()
    periods = [period(f"Senza {i}", date(2019 + i, 1, 1), date(2019 + i, 6, 30)) for i in range(3)]
    cantiere = Azione.objects.get(slug="poverta")
    pct = Indicator.objects.create(
        azione=cantiere, code="u-pct", name="Soddisfatti", kind="outcome", unit="%",
        computation="manual",
    )  # fmt: skip
    drop = Indicator.objects.create(
        azione=cantiere, code="u-drop", name="Abbandono", kind="outcome", unit="%",
        computation="manual", direction="lower",
    )  # fmt: skip
    for rp, target, limit in zip(periods, (55, 60, 65), (13, 12, 11), strict=True):
        IndicatorTarget.objects.create(indicator=pct, reporting_period=rp, value=target)
        IndicatorTarget.objects.create(indicator=drop, reporting_period=rp, value=limit)
        Measurement.objects.create(
            indicator=drop, reporting_period=rp, measured_on=rp.end, value=13, source="x"
        )
    client.force_login(world.users["staff"])
    body = client.get(reverse("cantieri:indicator_list")).content.decode()
    pct_row = body.split('<tr data-indicator="u-pct">', 1)[1].split("</tr>", 1)[0]
    drop_row = body.split('<tr data-indicator="u-drop">', 1)[1].split("</tr>", 1)[0]
    assert 'data-figure="target">60<' in pct_row
    assert 'data-figure="target">12<' in drop_row and 'data-figure="value">13<' in drop_row
    assert "non raggiunto" in drop_row
