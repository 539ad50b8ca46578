"""The PDF of an edition built from the real registered sections (not a crafted snapshot).

Records are created in the database, the snapshot is taken by the service (every provider of
every app), and the PDF is built by the same code as the worker. Its text is then checked: every
registered section, the page numbers, small counts suppressed; its structure: one figure with
alternative text per chart.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from bilancio_sociale.models import EditionStatus, EditionVersion
from bilancio_sociale.registry import sections
from bilancio_sociale.services import snapshot_take, version_build_pdf
from cantieri.models import ActivityRecord, ActivityStatus
from tests.bilancio_sociale.factories import make_edition
from tests.cantieri.factories import quartiere_in, record

pytestmark = pytest.mark.django_db


def _figures_with_alt(reader: PdfReader) -> list[str]:
    """The /Alt texts of the /Figure structure elements (tagged PDF)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return found


def test_pdf_of_a_real_edition_has_every_section_and_protects_small_counts(world) -> None:
    ActivityRecord.objects.all().delete()
    for zona, total in (("nord", 120), ("sud", 95), ("est", 3)):
        record(
            world.org_a,
            title=f"Laboratorio {zona}",
            status=ActivityStatus.APPROVED,
            total=total,
            quartieri=[quartiere_in(zona)],
            azione="poverta",
        )
    record(
        world.org_a,
        title="Vita indipendente",
        status=ActivityStatus.APPROVED,
        total=6,
        azione="disabilita",
    )
    edition = make_edition(slug="bilancio-2019", year=2019, status=EditionStatus.CONSULTATION)
    edition.snapshots.all().delete()
    snapshot = snapshot_take(edition=edition, by=world.user("staff"), reason="test")
    version = EditionVersion.objects.create(
        edition=edition,
        number=1,
        snapshot=snapshot,
        texts={},
        published_at=timezone.now(),
        published_by=world.user("staff"),
    )

    path = version_build_pdf(version=version)

    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    # every registered section is in the report, numbered, and listed in the index
    for number, section in enumerate(sections(), start=1):
        heading = f"{number}. {section.title}"
        assert heading in text, heading
        assert re.search(re.escape(heading) + r" \.+\s*\d+", pages[1] + pages[2]), heading
    assert "Pagina 2" in text and f"Pagina {len(pages)}" in pages[-1]
    # Est's 3 participants and the 6 people of the disability action are under the thresholds
    assert "< 5" in text and "< 10" in text
    assert "Dato non ancora rilevato" in text  # indirect beneficiaries, said plainly
    # every chart is a tagged figure with a non-empty alternative text
    alts = _figures_with_alt(reader)
    charts = sum(
        1
        for s in snapshot.data["sections"]
        for b in s["blocks"]
        if (b["data"].get("chart") and b["data"].get("rows"))
    )
    assert charts >= 3
    assert len(alts) >= charts and all(alt.strip() for alt in alts)
