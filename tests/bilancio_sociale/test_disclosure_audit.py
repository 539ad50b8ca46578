"""Disclosure control that an attacker cannot undo (issue 10, point 3).

Crafted editions where a hidden count would be recovered by subtraction across the tables of the
same edition: a single subtraction (an output indicator publishes the cell a table hid), a chain
of two tables, a row-and-column pair. The attacker here is written independently of the code: a
linear programme over what the protected outputs show, with the relations a reader knows.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from scipy.optimize import linprog

from bilancio_sociale import services
from bilancio_sociale.disclosure import audit_snapshot, protect_snapshot
from bilancio_sociale.models import EditionStatus
from bilancio_sociale.opendata import block_csv
from bilancio_sociale.render import build_document

from .factories import fill_monitoring, make_decision, make_edition

PERIOD = {"start": "2017-01-01", "end": "2017-12-31"}
P: dict[str, Any] = {"measure": "participants"}


def snapshot(*blocks: tuple[str, dict[str, Any]], period: dict | None = None) -> dict[str, Any]:
    return {
        "edition": "crafted",
        "period": period or PERIOD,
        "disclosure": {"threshold": 5, "sensitive": 10},
        "sections": [
            {
                "key": "s",
                "title": "S",
                "blocks": [{"key": key, "title": key, "data": data} for key, data in blocks],
            }
        ],
    }


def per_cantiere(values: dict[str, int]) -> dict[str, Any]:
    return {
        "kind": "table",
        "columns": [
            {"key": "azione", "label": "Azione", "type": "text"},
            {"key": "partecipanti", "label": "Partecipanti", "type": "people", "quantity": P},
        ],
        "rows": [
            {"_key": k, "_quantity": {"azione": k}, "azione": k, "partecipanti": v}
            for k, v in values.items()
        ],
        "totals": {"partecipanti": sum(values.values())},
    }


def indicators(values: dict[str, int]) -> dict[str, Any]:
    """An output-indicator table: mixed indicators, the people ones marked with _people."""
    return {
        "kind": "table",
        "columns": [
            {"key": "codice", "label": "Codice", "type": "text"},
            {"key": "valore", "label": "Valore", "type": "number"},
        ],
        "rows": [
            {
                "_key": f"out-{k}",
                "codice": f"OUT-{k}",
                "valore": v,
                "_people": ["valore"],
                "_quantity": {**P, "azione": k},
            }
            for k, v in values.items()
        ],
    }


def shown(protected: dict[str, Any], block: str) -> dict[str, Any]:
    for b in protected["sections"][0]["blocks"]:
        if b["key"] == block:
            return b["data"]
    raise KeyError(block)


def attacker_interval(unknowns: list[str], equations: list[tuple[dict[str, Any], Any]]):
    """What a reader can infer: min and max of the first unknown subject to the equations
    {unknown: coefficient} = constant (known values already moved to the constant), unknowns
    >= 0, a "< 5" one <= 4."""
    n = len(unknowns)
    a_eq = np.zeros((len(equations), n))
    b_eq = np.zeros(len(equations))
    for r, (coefs, constant) in enumerate(equations):
        for name, coef in coefs.items():
            a_eq[r, unknowns.index(name)] = coef
        b_eq[r] = constant
    out = []
    for sense in (1, -1):
        c = np.zeros(n)
        c[0] = sense
        res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs")
        out.append(res.x[0] if res.status == 0 else None)
    return out


def value_or_unknown(v: Any) -> float | None:
    return None if isinstance(v, str) else float(v)


def test_single_subtraction_through_an_output_indicator_is_closed():
    """Per-cantiere hides azione-2 (3) and, table by table, its neighbour azione-3 (40); the
    output indicator of azione-3 publishes 40 and the total 43 closes the equation."""
    data = snapshot(
        ("per-cantiere", per_cantiere({"azione-2": 3, "azione-3": 40})),
        ("output", indicators({"azione-3": 40})),
    )
    protected = protect_snapshot(data)
    table = shown(protected, "per-cantiere")
    indicator = shown(protected, "output")["rows"][0]["valore"]
    total = value_or_unknown(table["totals"]["partecipanti"])
    x2 = table["rows"][0]["partecipanti"]
    assert x2 == "< 5"
    # the attack: total − indicator(azione-3) = azione-2
    known_x3 = value_or_unknown(table["rows"][1]["partecipanti"]) or value_or_unknown(indicator)
    assert total is None or known_x3 is None, "azione-2 = 43 − 40 is recoverable"
    assert audit_snapshot(data).passed
    # the same in every output: the page, the open data
    document = build_document(snapshot=data, texts={}, title="T", period_label="2017")
    cells = [c.display for c in document.sections[0].blocks[1].rows[0]]
    assert "40" not in cells
    assert ",40" not in block_csv(shown(protected, "output")) and "40\r\n" not in block_csv(
        shown(protected, "output")
    )


def test_chain_of_two_tables_is_closed():
    """Table B breaks azione-3 down by zone (15 + 25 = 40, no small count, nothing hidden
    table by table): with table A's total 43 the hidden azione-2 = 43 − (15 + 25) = 3."""
    by_zone = {
        "kind": "table",
        "columns": [
            {"key": "zona", "label": "Zona", "type": "text"},
            {"key": "partecipanti", "label": "Partecipanti", "type": "people", "quantity": P},
        ],
        "rows": [
            {
                "_key": z,
                "_quantity": {"azione": "azione-3", "zona": z},
                "zona": z,
                "partecipanti": v,
            }
            for z, v in (("nord", 15), ("sud", 25))
        ],
        "totals_quantity": {"azione": "azione-3"},
        "rows_partition": True,
    }
    data = snapshot(
        ("per-cantiere", per_cantiere({"azione-2": 3, "azione-3": 40, "azione-4": 60})),
        ("azione-3-zone", by_zone),
    )
    protected = protect_snapshot(data)
    a = shown(protected, "per-cantiere")
    b = shown(protected, "azione-3-zone")
    names = ["x2", "x3", "x4", "nord", "sud", "total"]
    published = {
        "x2": a["rows"][0]["partecipanti"],
        "x3": a["rows"][1]["partecipanti"],
        "x4": a["rows"][2]["partecipanti"],
        "nord": b["rows"][0]["partecipanti"],
        "sud": b["rows"][1]["partecipanti"],
        "total": a["totals"]["partecipanti"],
    }
    unknowns = [n for n in names if isinstance(published[n], str)]
    assert unknowns[0] == "x2"
    equations = []
    for coefs in ({"x2": 1, "x3": 1, "x4": 1, "total": -1}, {"nord": 1, "sud": 1, "x3": -1}):
        constant = -sum(c * published[k] for k, c in coefs.items() if k not in unknowns)
        equations.append(({k: c for k, c in coefs.items() if k in unknowns}, constant))
    low, high = attacker_interval(unknowns, equations)
    assert low <= 1 and (high is None or high >= 4), (low, high, published)
    assert audit_snapshot(data).passed


def test_row_and_column_pair_is_closed():
    """A cross-tab of azione × zona in one column; its row sums are published by the
    per-cantiere table and its column sums by the per-zone table. Table by table, the small cell
    and its column neighbour are hidden: the row sum then gives 3 = 33 − 30."""
    cells = {("azione-2", "nord"): 3, ("azione-2", "sud"): 30, ("azione-3", "nord"): 20}
    cells[("azione-3", "sud")] = 50
    relations: list[dict[str, Any]] = [
        {
            "total": {**P, "azione": a},
            "parts": [{**P, "azione": a, "zona": z} for z in ("nord", "sud")],
        }
        for a in ("azione-2", "azione-3")
    ]
    relations += [
        {
            "total": {**P, "zona": z},
            "parts": [{**P, "azione": a, "zona": z} for a in ("azione-2", "azione-3")],
        }
        for z in ("nord", "sud")
    ]
    cross: dict[str, Any] = {
        "kind": "table",
        "columns": [
            {"key": "dove", "label": "Azione e zona", "type": "text"},
            {"key": "partecipanti", "label": "Partecipanti", "type": "people", "quantity": P},
        ],
        "rows": [
            {
                "_key": f"{a}-{z}",
                "_quantity": {"azione": a, "zona": z},
                "dove": f"{a} {z}",
                "partecipanti": v,
            }
            for (a, z), v in cells.items()
        ],
        "relations": relations,
    }
    by_zone = {
        "kind": "table",
        "columns": [
            {"key": "zona", "label": "Zona", "type": "text"},
            {"key": "partecipanti", "label": "Partecipanti", "type": "people", "quantity": P},
        ],
        "rows": [
            {"_key": z, "_quantity": {"zona": z}, "zona": z, "partecipanti": v}
            for z, v in (("nord", 23), ("sud", 80))
        ],
        "totals": {"partecipanti": 103},
    }
    data = snapshot(
        ("per-cantiere", per_cantiere({"azione-2": 33, "azione-3": 70})),
        ("per-zona", by_zone),
        ("incrocio", cross),
    )
    protected = protect_snapshot(data)
    c = [r["partecipanti"] for r in shown(protected, "incrocio")["rows"]]
    assert c[0] == "< 5"
    pub = {
        "x2n": c[0], "x2s": c[1], "x3n": c[2], "x3s": c[3],
        "r2": shown(protected, "per-cantiere")["rows"][0]["partecipanti"],
        "r3": shown(protected, "per-cantiere")["rows"][1]["partecipanti"],
        "cn": shown(protected, "per-zona")["rows"][0]["partecipanti"],
        "cs": shown(protected, "per-zona")["rows"][1]["partecipanti"],
    }  # fmt: skip
    unknowns = [k for k, v in pub.items() if isinstance(v, str)]
    relations = [
        {"x2n": 1, "x2s": 1, "r2": -1},
        {"x3n": 1, "x3s": 1, "r3": -1},
        {"x2n": 1, "x3n": 1, "cn": -1},
        {"x2s": 1, "x3s": 1, "cs": -1},
    ]
    equations = []
    for coefs in relations:
        constant = -sum(k_c * pub[k] for k, k_c in coefs.items() if k not in unknowns)
        equations.append(({k: v for k, v in coefs.items() if k in unknowns}, constant))
    low, high = attacker_interval(unknowns, equations)
    assert low <= 1 and (high is None or high >= 4), (low, high, pub)
    audit = audit_snapshot(data)
    assert audit.passed
    assert {r.reason for r in audit.rows} == {"primary", "secondary"}
    for row in audit.rows:
        if row.reason == "primary":
            assert row.low is not None and row.high is not None
            assert row.low <= 1 and row.high >= 4


def test_same_count_in_a_sensitive_and_a_plain_column_is_hidden_in_both():
    """7 people with disabilities: "< 10" in the sensitive column must not read 7 elsewhere."""
    group = {
        "kind": "table",
        "columns": [
            {"key": "azione", "label": "Azione", "type": "text"},
            {
                "key": "g_disabili",
                "label": "Persone con disabilità",
                "type": "people",
                "sensitive": True,
                "quantity": {**P, "target_group": "disabili"},
            },
        ],
        "rows": [
            {
                "_key": "azione-3",
                "_quantity": {"azione": "azione-3"},
                "azione": "3",
                "g_disabili": 7,
            }
        ],
    }
    indicator = indicators({"azione-3": 7})
    indicator["rows"][0]["_quantity"]["target_group"] = "disabili"
    protected = protect_snapshot(snapshot(("gruppi", group), ("output", indicator)))
    assert shown(protected, "gruppi")["rows"][0]["g_disabili"] == "< 10"
    assert shown(protected, "output")["rows"][0]["valore"] == "< 10"


def _exposed_editions(staff) -> Any:
    """2016 was published with a threshold of 3 (its 4 participants of azione-2 are public);
    2017, with a threshold of 5, shows the previous year beside its figures: that 4 is a small
    count that no suppression can hide any more."""
    prev_period = {"start": "2016-01-01", "end": "2016-12-31"}
    previous = snapshot(
        ("per-cantiere", per_cantiere({"azione-2": 4, "azione-3": 40})), period=prev_period
    )
    previous["disclosure"] = {"threshold": 3, "sensitive": 10}
    make_edition(
        slug="bs-2016", year=2016, status=EditionStatus.PUBLISHED, by=staff, snapshot=previous
    )
    current_block = per_cantiere({"azione-2": 30, "azione-3": 40})
    current_block["columns"].append(
        {
            "key": "anno_prima",
            "label": "2016",
            "type": "people",
            "quantity": {**P, "period": "2016-01-01/2016-12-31"},
        }
    )
    for row in current_block["rows"]:
        row["anno_prima"] = {"azione-2": 4, "azione-3": 40}[row["_key"]]
    current_block["totals"]["anno_prima"] = 44
    return make_edition(
        slug="bs-2017", year=2017, status=EditionStatus.CONSULTATION, by=staff,
        snapshot=snapshot(("per-cantiere", current_block)),
    )  # fmt: skip


def test_approval_and_publication_are_refused_while_a_count_is_exposed(staff):
    edition = _exposed_editions(staff)
    fill_monitoring(edition, staff)
    with pytest.raises(ValidationError, match="ricalcolare"):
        services.edition_approve(
            edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
        )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTATION
    from bilancio_sociale.models import Edition

    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.APPROVED)
    edition.refresh_from_db()
    with pytest.raises(ValidationError, match="Non si può pubblicare"):
        services.edition_publish(edition=edition, by=staff)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED and not edition.versions.exists()


def test_staff_page_shows_the_audit_and_the_command_fails_on_an_exposed_cell(client, staff):
    edition = _exposed_editions(staff)
    client.force_login(staff)
    html = client.get(reverse("bilancio_sociale:staff_detail", args=[edition.pk])).content.decode()
    assert "Controllo di riservatezza" in html and "Non superato" in html
    assert "ricalcolabile" in html and "2016" in html
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("disclosure_audit", "bs-2017", stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "bs-2017: NON SUPERATO" in text and "RICALCOLABILE" in text


def test_a_clean_edition_passes_the_audit_and_can_be_approved(client, staff):
    data = snapshot(
        ("per-cantiere", per_cantiere({"azione-2": 3, "azione-3": 40, "azione-4": 25})),
        ("output", indicators({"azione-3": 40})),
    )
    edition = make_edition(
        slug="bs-2017", year=2017, status=EditionStatus.CONSULTATION, by=staff, snapshot=data
    )
    client.force_login(staff)
    html = client.get(reverse("bilancio_sociale:staff_detail", args=[edition.pk])).content.decode()
    assert "Superato" in html and "soppressione secondaria" in html
    assert "0 – 4" in html  # the interval of the hidden 3 covers 1..4
    out = io.StringIO()
    call_command("disclosure_audit", "bs-2017", stdout=out)  # no SystemExit: passed
    assert "bs-2017: SUPERATO" in out.getvalue()
    fill_monitoring(edition, staff)
    services.edition_approve(
        edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
    )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED


def test_a_snapshot_freezes_its_hidden_cells(staff):
    """The hidden cells are decided when the snapshot is taken (with the earlier editions) and
    stored in it: the published pattern cannot change later."""
    edition = services.edition_create(
        title="Bilancio 2017",
        period_start=date(2017, 1, 1),
        period_end=date(2017, 12, 31),
        by=staff,
    )
    snap = services.snapshot_take(edition=edition, by=staff)
    frozen = snap.data["disclosure"]
    assert frozen["threshold"] == 5 and isinstance(frozen["hidden"], list)
    stored = {tuple(ref): reason for ref, reason in frozen["hidden"]}
    protected = protect_snapshot(snap.data)
    for section in protected["sections"]:
        for block in section["blocks"]:
            for entry in block["data"].get("disclosure") or []:
                ref: tuple[Any, ...]
                if "figure" in entry:
                    ref = (section["key"], block["key"], "figure", entry["figure"])
                elif entry["row"] == -1:
                    ref = (section["key"], block["key"], "total", entry["column"])
                else:
                    ref = (section["key"], block["key"], "row", entry["row"], entry["column"])
                assert stored[ref] == entry["reason"]
