"""The welfare map by year in the Bilancio Sociale ("Le risorse in campo"): 1,000 units for two
years imported from the XLSX template; every published count, share and change is checked
against values computed here, independently, from the rows written to the file."""

from __future__ import annotations

import io
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from agencies.imports import import_service_units, template_xlsx
from agencies.models import ServiceUnitYear, WelfareTargetGroup
from bilancio_sociale.models import EditionStatus
from bilancio_sociale.registry import Period
from bilancio_sociale.services import collect_sections
from tests.bilancio_sociale.factories import make_edition

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024)
SOURCES = ["comune", "famiglie", "regione", "fondazioni", "altri"]
FORMS = {
    "Cooperativa sociale": "cooperativa_sociale",
    "Associazione": "associazione",
    "Fondazione": "fondazione",
    "Ente ecclesiastico": "ente_ecclesiastico",
}


@dataclass
class Row:
    code: str
    year: int
    group: str  # code of the target group
    provider: str  # identity of the provider for counting
    provider_cell: str
    form: str  # legal form code ("comune" for the Comune's own units)
    form_cell: str
    comune: bool
    users: int | None
    places: int | None
    spend: list[Decimal]


def _italian(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + cents


def _generate(world) -> list[Row]:
    rng = random.Random(2026)
    groups = list(WelfareTargetGroup.objects.order_by("order").values_list("code", flat=True))
    external = [(f"Ente gestore {i:03d}", rng.choice(list(FORMS))) for i in range(150)]
    registered = [
        ("Cooperativa Alfa", "cooperativa_sociale"),
        ("Associazione Beta", "associazione"),
    ]
    rows: list[Row] = []
    for i in range(1000):
        code = f"uo-{i:04d}"
        years = [2023] if i % 37 == 0 else [2024] if i % 41 == 0 else list(YEARS)
        group = groups[rng.randrange(len(groups))]
        comune = i % 16 == 0
        if comune:
            identity, cell, form, form_cell = "comune", "Comune di Brescia", "comune", ""
        elif i % 10 == 1:
            identity, form = registered[i % 2]
            cell, form_cell = identity, ""
        else:
            identity, form_label = external[rng.randrange(len(external))]
            cell, form, form_cell = identity, FORMS[form_label], form_label
        for year in years:
            if year == 2024 and i % 50 == 3:  # reclassified in 2024: 2023 keeps its group
                group = groups[(groups.index(group) + 1) % len(groups)]
            roll = rng.random()
            users = None if roll < 0.2 else rng.randint(1, 4) if roll < 0.3 else rng.randint(5, 300)
            places = rng.randint(5, 80) if rng.random() < 0.5 else None
            spend = [
                Decimal(rng.randint(0, 200_000)) + Decimal(rng.randint(0, 99)) / 100
                for _ in SOURCES
            ]
            rows.append(
                Row(
                    code, year, group, identity, cell, form, form_cell, comune, users, places, spend
                )
            )
    return rows


def _xlsx(rows: list[Row]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(template_xlsx()))
    ws = wb.worksheets[0]
    ws.delete_rows(2)  # the template's example row
    labels = dict(WelfareTargetGroup.objects.values_list("code", "label"))
    for n, r in enumerate(rows):
        # money typed both as numbers and as Italian text ("1.234,56"), as offices do
        money = [float(v) if n % 2 else _italian(v) for v in r.spend]
        ws.append(
            [
                r.code,
                r.year,
                f"Servizio {r.code}",
                r.provider_cell,
                r.form_cell,
                "sì" if r.comune else "no",
                # the target group typed by its label, in capitals, as the city's files do
                labels[r.group].upper(),
                "",
                "",
                r.users,
                r.places,
                *money,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(f"mappa-{rows[0].year}.xlsx", out.getvalue())


def _pct(part: Any, whole: Any) -> float | None:
    if not whole:
        return None
    value = (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(value)


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 0.051


@pytest.fixture
def imported(world):
    rows = _generate(world)
    by = world.users["agency"]
    timings: dict[int | str, float] = {}
    for year in YEARS:
        upload = _xlsx([r for r in rows if r.year == year])
        started = time.perf_counter()
        report = import_service_units(upload=upload, by=by)
        timings[year] = time.perf_counter() - started
        assert report.ok, [(r.line, r.errors) for r in report.error_rows[:5]] or report.file_error
    # the same 2024 file again: that year is updated in place, nothing is added
    upload = _xlsx([r for r in rows if r.year == 2024])
    started = time.perf_counter()
    again = import_service_units(upload=upload, by=by)
    timings["2024 di nuovo"] = time.perf_counter() - started
    assert again.ok and again.created == 0 and again.years_added == 0
    assert again.years_updated == sum(1 for r in rows if r.year == 2024)
    assert ServiceUnitYear.objects.count() == len(rows)
    print(
        "\nimport 1,000-unit welfare map: "
        + ", ".join(f"{y}: {t:.2f} s" for y, t in timings.items())
    )
    return rows


def _blocks() -> dict[str, dict[str, Any]]:
    (section,) = collect_sections(
        Period(date(2024, 1, 1), date(2024, 12, 31)), only={"offerta-welfare"}
    )
    assert section["title"] == "Le risorse in campo: l'offerta di welfare della città"
    return {b["key"]: b["data"] for b in section["blocks"]}


def test_thousand_units_two_years_every_figure_checked(imported, world) -> None:
    rows = imported
    blocks = _blocks()
    for key, data in blocks.items():
        assert data["kind"] in ("table", "figures"), (key, data)
    groups = {g.code: g for g in WelfareTargetGroup.objects.all()}

    # --- units per target group, share, change ------------------------------------------------
    units: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        units[(r.year, r.group)] += 1
    total = {y: sum(n for (yy, _g), n in units.items() if yy == y) for y in YEARS}
    assert total[2023] == 1000 - len([i for i in range(1000) if i % 41 == 0 and i % 37])
    table = blocks["unita-destinatari"]
    assert [c["key"] for c in table["columns"]] == [
        "destinatari",
        "unita_2023",
        "unita_2024",
        "quota_2024",
        "variazione",
        "variazione_pct",
    ]
    by_group = {r["_key"]: r for r in table["rows"]}
    assert set(by_group) == {g for (_y, g) in units}
    for code, row in by_group.items():
        a, b = units[(2023, code)], units[(2024, code)]
        assert row["destinatari"] == groups[code].label
        assert (row["unita_2023"], row["unita_2024"]) == (a, b)
        assert _close(row["quota_2024"], _pct(b, total[2024])), code
        assert row["variazione"] == b - a
        assert _close(row["variazione_pct"], _pct(b - a, a)), code
    assert table["totals"]["unita_2023"] == total[2023]
    assert table["totals"]["unita_2024"] == total[2024]
    assert table["totals"]["variazione"] == total[2024] - total[2023]
    assert _close(table["totals"]["variazione_pct"], _pct(total[2024] - total[2023], total[2023]))

    # --- users and places (people counts: disclosure control) --------------------------------
    users: dict[str, list[int]] = defaultdict(list)
    places: dict[str, int] = defaultdict(int)
    for r in rows:
        if r.year == 2024:
            if r.users is not None:
                users[r.group].append(r.users)
            places[r.group] += r.places or 0
    people = blocks["utenti-destinatari"]
    assert {c["key"]: c["type"] for c in people["columns"]}["utenti"] == "people"
    for row in people["rows"]:
        code = row["_key"]
        assert row["unita"] == units[(2024, code)]
        assert row["unita_utenti"] == len(users[code])
        assert row["utenti"] == (sum(users[code]) if users[code] else None)
        assert row["posti"] == places[code]
        assert row.get("_sensitive", False) == groups[code].sensitive
    assert people["totals"]["utenti"] == sum(sum(v) for v in users.values())

    # --- providers by legal form, the Comune's own units -------------------------------------
    providers: dict[tuple[int, str], set[str]] = defaultdict(set)
    units_form: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        providers[(r.year, r.form)].add(r.provider)
        units_form[(r.year, r.form)] += 1
    gestori = blocks["gestori"]
    by_form = {r["_key"]: r for r in gestori["rows"]}
    assert list(by_form)[0] == "comune"
    assert by_form["comune"]["gestore"] == "Comune di Brescia (gestione diretta)"
    assert set(by_form) == {f for (_y, f) in units_form}
    for form, row in by_form.items():
        for y in YEARS:
            assert row[f"enti_{y}"] == len(providers[(y, form)]), (form, y)
            assert row[f"unita_{y}"] == units_form[(y, form)], (form, y)
        assert _close(row["quota_2024"], _pct(units_form[(2024, form)], total[2024]))
    for y in YEARS:
        everyone = {r.provider for r in rows if r.year == y}
        assert gestori["totals"][f"enti_{y}"] == len(everyone)
        assert gestori["totals"][f"unita_{y}"] == total[y]
    comune = {f["key"]: f["value"] for f in blocks["gestione-comunale"]["figures"]}
    own = {y: sum(1 for r in rows if r.year == y and r.comune) for y in YEARS}
    assert comune["unita_comune"] == own[2024] and comune["unita_comune_prec"] == own[2023]
    assert _close(comune["quota_comune"], _pct(own[2024], total[2024]))
    assert _close(comune["quota_comune_prec"], _pct(own[2023], total[2023]))
    assert comune["enti_gestori"] == len({r.provider for r in rows if r.year == 2024})

    # --- spending by funding source ----------------------------------------------------------
    spend = {
        y: [sum((r.spend[i] for r in rows if r.year == y), Decimal(0)) for i in range(5)]
        for y in YEARS
    }
    money = blocks["spesa-fonti"]
    assert [r["_key"] for r in money["rows"]] == [
        "comune",
        "families",
        "regione",
        "foundations",
        "other",
    ]
    for i, row in enumerate(money["rows"]):
        for y in YEARS:
            assert Decimal(str(row[f"spesa_{y}"])) == spend[y][i], (row["fonte"], y)
        assert _close(row["quota_2024"], _pct(spend[2024][i], sum(spend[2024])))
        assert _close(row["variazione_pct"], _pct(spend[2024][i] - spend[2023][i], spend[2023][i]))
    for y in YEARS:
        assert Decimal(str(money["totals"][f"spesa_{y}"])) == sum(spend[y])


def test_published_edition_shows_the_section_in_html_and_open_data(imported, world) -> None:
    rows = imported
    (section,) = collect_sections(
        Period(date(2024, 1, 1), date(2024, 12, 31)), only={"offerta-welfare"}
    )
    snapshot = {
        "edition": "bilancio-2024",
        "taken_at": "2025-01-15T10:00:00+00:00",
        "sections": [section],
    }
    edition = make_edition(
        slug="bilancio-2024", year=2024, status=EditionStatus.PUBLISHED, snapshot=snapshot
    )
    client = Client()
    html = client.get(
        reverse("bilancio_sociale:edition_detail", args=[edition.slug])
    ).content.decode()
    assert "Le risorse in campo: l&#x27;offerta di welfare della città" in html
    total_2024 = sum(1 for r in rows if r.year == 2024)
    assert f"{total_2024:,}".replace(",", ".") in html  # Italian thousands separator
    assert "<svg" in html and "Unità di offerta per destinatari" in html
    kwargs = {"slug": edition.slug, "section": "offerta-welfare", "block": "utenti-destinatari"}
    data = client.get(reverse("bilancio_sociale:block_json", kwargs=kwargs)).json()
    limit = {False: settings.DISCLOSURE_THRESHOLD, True: settings.DISCLOSURE_THRESHOLD_SENSITIVE}
    sensitive = dict(WelfareTargetGroup.objects.values_list("label", "sensitive"))
    raw = {r["destinatari"]: r for r in section["blocks"][1]["data"]["rows"]}
    for row in data["righe"]:
        true = raw[row["destinatari"]]["utenti"]
        threshold = limit[sensitive[row["destinatari"]]]
        if true is not None and 0 < true < threshold:
            assert row["utenti"] == f"< {threshold}"
        else:
            assert row["utenti"] in (true, "n.d.")
    csv_url = reverse("bilancio_sociale:block_csv", kwargs={**kwargs, "block": "unita-destinatari"})
    assert client.get(csv_url).status_code == 200
