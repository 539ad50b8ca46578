"""“In breve”: the key figures for a non-expert reader, the same values as the full report."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bilancio_sociale.models import EditionStatus
from bilancio_sociale.render import build_document
from tests.bilancio_sociale.factories import make_edition


def _block(key: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "title": key, "data": data}


def key_figures_snapshot(slug: str, *, volunteers: int = 3) -> dict[str, Any]:
    """Blocks shaped like the real providers' (cantieri, partnership, agencies, participation)."""
    return {
        "edition": slug,
        "taken_at": "2019-01-15T10:00:00+00:00",
        "sections": [
            {
                "key": "nota-metodologica",
                "title": "Nota metodologica",
                "blocks": [
                    _block(
                        "metodo",
                        {
                            "kind": "figures",
                            "figures": [
                                {"key": "anni", "label": "Anni", "value": 4, "type": "number"}
                            ],
                        },
                    )
                ],
            },
            {
                "key": "identita",
                "title": "Identità",
                "blocks": [
                    _block(
                        "partenariato",
                        {
                            "kind": "table",
                            "columns": [
                                {"key": "forma", "label": "Forma giuridica", "type": "text"},
                                {"key": "organizzazioni", "label": "Org.", "type": "number"},
                                {"key": "attive", "label": "Attive", "type": "number"},
                            ],
                            "rows": [
                                {"forma": "APS", "organizzazioni": 60, "attive": 30},
                                {"forma": "Cooperativa", "organizzazioni": 20, "attive": 12},
                            ],
                            "totals": {"organizzazioni": 80, "attive": 42},
                        },
                    )
                ],
            },
            {
                "key": "persone",
                "title": "Le persone",
                "blocks": [
                    _block(
                        "persone",
                        {
                            "kind": "figures",
                            "figures": [
                                {
                                    "key": "personale",
                                    "label": "Personale",
                                    "value": 31,
                                    "type": "people",
                                }
                            ],
                        },
                    )
                ],
            },
            {
                "key": "obiettivi-attivita",
                "title": "Obiettivi e attività per cantiere",
                "blocks": [
                    _block(
                        "per-cantiere",
                        {
                            "kind": "table",
                            "columns": [
                                {"key": "azione", "label": "Azione o cantiere", "type": "text"},
                                {"key": "attivita", "label": "Attività", "type": "number"},
                                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
                                {"key": "volontari", "label": "Volontari", "type": "people"},
                                {
                                    "key": "ore_volontariato",
                                    "label": "Ore di volontariato",
                                    "type": "number",
                                },
                            ],
                            "rows": [
                                {
                                    "_key": "governance",
                                    "azione": "1. Governance",
                                    "attivita": 1000,
                                    "partecipanti": 4000,
                                    "volontari": volunteers,
                                    "ore_volontariato": 700,
                                },
                                {
                                    "_key": "abitare",
                                    "azione": "2. Abitare",
                                    "attivita": 234,
                                    "partecipanti": 1678,
                                    "volontari": 0,
                                    "ore_volontariato": 89,
                                },
                            ],
                            "totals": {
                                "attivita": 1234,
                                "partecipanti": 5678,
                                "volontari": volunteers,
                                "ore_volontariato": 789,
                            },
                        },
                    )
                ],
            },
            {
                "key": "risorse",
                "title": "Le risorse",
                "blocks": [
                    _block(
                        "spesa-azione",
                        {
                            "kind": "table",
                            "columns": [
                                {"key": "voce", "label": "Azione", "type": "text"},
                                {"key": "speso", "label": "Speso (€)", "type": "money"},
                            ],
                            "rows": [
                                {"voce": "Governance", "speso": 10000.0},
                                {"voce": "Abitare", "speso": 2345.5},
                            ],
                            "totals": {"speso": 12345.5},
                            "key_figures": [
                                {
                                    "key": "speso",
                                    "total": "speso",
                                    "order": 50,
                                    "label": "Fondi spesi",
                                }
                            ],
                        },
                    )
                ],
            },
            {
                "key": "bisogni",
                "title": "Bisogni",
                "blocks": [
                    _block(
                        "bisogni-stato",
                        {
                            "kind": "table",
                            "columns": [
                                {"key": "stato", "label": "Stato", "type": "text"},
                                {"key": "bisogni", "label": "Bisogni", "type": "number"},
                            ],
                            "rows": [
                                {"stato": "Con risposta", "bisogni": 17},
                                {"stato": "Senza risposta", "bisogni": 29},
                            ],
                            "key_figures": [
                                {
                                    "key": "bisogni_con_risposta",
                                    "row": "Con risposta",
                                    "column": "bisogni",
                                    "default": 0,
                                    "order": 60,
                                    "label": "Bisogni con una risposta",
                                },
                                {
                                    "key": "bisogni_senza_risposta",
                                    "row": "Senza risposta",
                                    "column": "bisogni",
                                    "default": 0,
                                    "order": 65,
                                    "label": "Bisogni ancora senza risposta",
                                },
                                # A literal count of people would escape disclosure: never shown.
                                {
                                    "key": "segnalanti",
                                    "value": 2,
                                    "type": "people",
                                    "label": "Persone che hanno segnalato",
                                },
                            ],
                        },
                    )
                ],
            },
            {
                "key": "partecipazione",
                "title": "Come è stato costruito questo bilancio",
                "blocks": [
                    _block(
                        "sintesi",
                        {
                            "kind": "table",
                            "columns": [
                                {"key": "chi", "label": "Chi", "type": "text"},
                                {"key": "persone", "label": "Persone", "type": "people"},
                                {"key": "contributi", "label": "Contributi", "type": "number"},
                            ],
                            "rows": [
                                {
                                    "_key": "citizen",
                                    "chi": "Cittadini",
                                    "persone": 12,
                                    "contributi": 23,
                                },
                            ],
                            "totals": {"contributi": 23},
                        },
                    )
                ],
            },
        ],
    }


EXPECTED = [
    ("Attività approvate", "1.234"),
    ("Partecipanti", "5.678"),
    ("Organizzazioni attive", "42"),
    ("Volontari", "40"),
    ("Ore di volontariato", "789"),
    ("Fondi spesi", "12.345,50\u00a0€"),
    ("Bisogni con una risposta", "17"),
    ("Bisogni ancora senza risposta", "29"),
    ("Contributi alla consultazione", "23"),
]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def _pages(snapshot: dict[str, Any]) -> tuple[str, str]:
    edition = make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.PUBLISHED, snapshot=snapshot
    )
    client = Client()
    breve = client.get(reverse("bilancio_sociale:in_breve", args=[edition.slug]))
    full = client.get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    assert breve.status_code == full.status_code == 200
    return _text(breve.content.decode()), _text(full.content.decode())


def _full_report_totals(full: str) -> str:
    """The totals row of the per-cantiere table in the full page."""
    table = full.split("Azione o cantiere")[1]
    return table.split("Totale")[1].split("Fonte")[0].split("Nota")[0][:80]


def test_key_figures_in_order():
    document = build_document(
        snapshot=key_figures_snapshot("b", volunteers=40), texts={}, title="T", period_label="P"
    )
    shown = [(figure.label, figure.display) for _section, figure in document.in_breve()]
    assert shown == EXPECTED
    # Not the first figures of the report any more (methodology, staff); no literal people count.
    keys = [figure.key for _section, figure in document.in_breve()]
    assert "anni" not in keys and "personale" not in keys and "segnalanti" not in keys


def test_key_figures_pass_through_disclosure_control():
    document = build_document(
        snapshot=key_figures_snapshot("b", volunteers=3), texts={}, title="T", period_label="P"
    )
    figures = {f.key: f for _s, f in document.in_breve()}
    # The small total is hidden, and so is the other people total of the same row (it would let
    # a reader recompute it), exactly as in the table of the full report.
    assert figures["volontari"].display == "< 5" and figures["volontari"].suppressed
    assert figures["partecipanti"].display == "n.d." and figures["partecipanti"].suppressed
    assert figures["attivita"].display == "1.234"


def test_key_figures_show_previous_editions():
    document = build_document(
        snapshot=key_figures_snapshot("b", volunteers=40),
        texts={},
        title="T",
        period_label="P",
        previous=[("2018", key_figures_snapshot("a", volunteers=3))],
    )
    figures = {f.key: f for _s, f in document.in_breve()}
    assert figures["volontari"].display == "40"
    assert figures["volontari"].previous == [("2018", "< 5")]
    assert figures["attivita"].previous == [("2018", "1.234")]


@pytest.mark.django_db
def test_in_breve_page_has_the_same_figures_as_the_full_report():
    breve, full = _pages(key_figures_snapshot("bilancio-2019", volunteers=40))
    positions = []
    for label, display in EXPECTED:
        display = display.replace("\u00a0", " ")  # the page text is read with spaces collapsed
        assert f"{display} {label}" in breve, (label, display)
        assert display in full, (label, display)
        positions.append(breve.index(f"{display} {label}"))
    assert positions == sorted(positions)
    assert "1.234 5.678 40 789" in _full_report_totals(full)
    # Figures that are not key ones (methodology, staff) and literal people counts are left out.
    assert "Persone che hanno segnalato" not in breve
    assert "Personale" not in breve
    # One short sentence for a non-expert reader beside the figures of the registered blocks.
    assert "chi ha partecipato a più attività è contato più volte" in breve


@pytest.mark.django_db
def test_in_breve_page_keeps_small_counts_suppressed():
    breve, full = _pages(key_figures_snapshot("bilancio-2019", volunteers=3))
    assert "< 5 Volontari" in breve and "n.d. Partecipanti" in breve
    assert "1.234 n.d. < 5 789" in _full_report_totals(full)
    assert "troppo piccolo per essere pubblicato" in breve
    assert "permetterebbe di ricalcolare" in breve
    assert "3 Volontari" not in breve and "5.678" not in breve and "5.678" not in full


@pytest.mark.django_db
def test_real_providers_mark_their_key_figures(world):
    """The real blocks (cantieri, partnership, agencies, participation) feed "in breve"."""
    from datetime import date
    from decimal import Decimal

    from agencies import models as agencies_models
    from bilancio_sociale import services
    from bilancio_sociale.selectors import document_for_draft
    from cantieri.models import ActivityRecord, ActivityStatus, Azione, TargetGroup
    from tests.agencies.helpers import source
    from tests.cantieri.factories import record

    ActivityRecord.objects.all().delete()
    for i in range(3):
        record(world.org_a, title=f"laboratorio {i}", status=ActivityStatus.APPROVED, total=40)
    record(world.org_a, title="bozza", status=ActivityStatus.DRAFT, total=99)
    for status, n in [("risposto", 6), ("senza_risposta", 8)]:
        for i in range(n):
            agencies_models.Need.objects.create(
                title=f"bisogno {status} {i}",
                target_group=TargetGroup.objects.order_by("pk")[0],
                source=agencies_models.NeedSource.SURVEY,
                evidence="e",
                identified_on=date(2019, 3, 1),
                status=status,
            )
    line = agencies_models.BudgetLine.objects.create(
        source=source("comune"),
        year=2019,
        azione=Azione.objects.order_by("number")[0],
        description="x",
        amount=Decimal("1000"),
    )
    agencies_models.Expenditure.objects.create(
        budget_line=line, kind="spesa", amount=Decimal("250.5"), date=date(2019, 5, 1)
    )
    staff = world.users["staff"]
    edition = services.edition_create(
        title="B", period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), by=staff
    )
    services.edition_open_consultation(edition=edition, by=staff)
    document, _live = document_for_draft(edition)
    shown = {figure.key: figure.display for _section, figure in document.in_breve()}
    assert shown["attivita"] == "3"
    assert shown["partecipanti"] == "120"
    assert shown["speso"] == "250,50\u00a0€"
    assert shown["bisogni_con_risposta"] == "6" and shown["bisogni_senza_risposta"] == "8"
    assert shown["contributi"] == "0"
    assert "organizzazioni_attive" in shown and "volontari" in shown
    order = [figure.key for _section, figure in document.in_breve()]
    assert order.index("attivita") < order.index("speso") < order.index("contributi")
