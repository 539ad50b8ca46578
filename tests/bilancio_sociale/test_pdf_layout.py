"""No text of the PDF falls outside the page's content box, on any page (issue 10, point 4).

A full edition is built from the real registered sections, with three earlier published editions
beside every figure (BILANCIO_PREVIOUS_EDITIONS default 3) whose values are large numbers (the
widest a cell has to hold). Every character's box is read from the generated PDF (pdfminer.six)
and must lie inside the A4 mediabox minus the @page margins of print.css; the only text allowed
in the margins is the running header and the page number, and it stays within the page's width.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent, LTPage

from bilancio_sociale.models import EditionStatus, EditionVersion, Snapshot
from bilancio_sociale.registry import sections
from bilancio_sociale.services import snapshot_take, version_build_pdf
from cantieri.models import ActivityRecord, ActivityStatus
from tests.bilancio_sociale.factories import make_edition
from tests.cantieri.factories import quartiere_in, record

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# print.css: @page { size: A4; margin: 20mm 18mm 20mm 18mm }
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 20 * MM, 18 * MM, 20 * MM, 18 * MM
TOLERANCE = 0.75  # points: rounding of glyph boxes
ATTESTATION = "L'organo attesta la conformità del bilancio alle linee guida del DM 4/7/2019."


def _scaled(data: Any, factor: int, offset: int) -> Any:
    """A copy of a snapshot whose whole numbers are large (earlier editions, wide cells)."""
    if isinstance(data, dict):
        return {
            k: (v if k in ("order", "disclosure") else _scaled(v, factor, offset))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_scaled(v, factor, offset) for v in data]
    if isinstance(data, bool):
        return data
    if isinstance(data, int):
        return data * factor + offset
    if isinstance(data, float):
        return data * factor + offset + 0.5
    return data


def _chars(component: Any) -> Any:
    if isinstance(component, LTChar):
        yield component
        return
    try:
        children = list(component)
    except TypeError:
        return
    for child in children:
        yield from _chars(child)


def _lines(chars: list[LTChar]) -> dict[int, str]:
    by_line: dict[int, list[LTChar]] = {}
    for ch in chars:
        by_line.setdefault(round(ch.y0), []).append(ch)
    return {
        y: "".join(c.get_text() for c in sorted(cs, key=lambda c: c.x0))
        for y, cs in by_line.items()
    }


def _outside(page: LTPage) -> tuple[list[str], list[str]]:
    """(characters outside the content box, text lines found in the top/bottom margins)."""
    x0, y0, x1, y1 = page.bbox
    left, right = x0 + MARGIN_LEFT - TOLERANCE, x1 - MARGIN_RIGHT + TOLERANCE
    bottom, top = y0 + MARGIN_BOTTOM - TOLERANCE, y1 - MARGIN_TOP + TOLERANCE
    bad: list[str] = []
    margin_chars: list[LTChar] = []
    for ch in _chars(page):
        if not ch.get_text().strip():
            continue
        if ch.x0 < left or ch.x1 > right:
            bad.append(
                f"{ch.get_text()!r} x={ch.x0:.1f}–{ch.x1:.1f} (content {left:.1f}–{right:.1f})"
            )
        elif ch.y0 < bottom or ch.y1 > top:
            margin_chars.append(ch)
    return bad, list(_lines(margin_chars).values())


@pytest.fixture
def full_edition(world) -> EditionVersion:
    ActivityRecord.objects.all().delete()
    for zona, total in (("nord", 1_234), ("sud", 987), ("est", 3), ("ovest", 45_678)):
        record(
            world.org_a,
            title=f"Laboratorio di comunità nella zona {zona}",
            status=ActivityStatus.APPROVED,
            total=total,
            quartieri=[quartiere_in(zona)],
            azione="poverta",
        )
    record(
        world.org_b,
        title="Vita indipendente",
        status=ActivityStatus.APPROVED,
        total=16,
        azione="disabilita",
    )
    record(
        world.org_b,
        title="Per tutta la città",
        status=ActivityStatus.APPROVED,
        total=2_222,
        city_wide=True,
    )
    staff = world.user("staff")
    edition = make_edition(slug="bilancio-2019", year=2019, status=EditionStatus.CONSULTATION)
    edition.snapshots.all().delete()
    snapshot = snapshot_take(edition=edition, by=staff, reason="test")
    for n, year in enumerate((2018, 2017, 2016), start=1):
        make_edition(
            slug=f"bilancio-{year}",
            year=year,
            status=EditionStatus.PUBLISHED,
            by=staff,
            snapshot=_scaled(copy.deepcopy(snapshot.data), 1_000 + n, 123_456 * n),
        )
    texts = {
        s["key"]: "Testo della sezione.\n\nUn secondo paragrafo." for s in snapshot.data["sections"]
    }
    texts.update(
        {
            "monitoraggio/organo": "Organo di controllo del progetto",
            "monitoraggio/componenti": "Maria Rossi, presidente\nLuca Bianchi, componente",
            "monitoraggio/data": "2020-04-30",
            "monitoraggio/attestazione": ATTESTATION,
            "monitoraggio/osservazioni": "Nessuna osservazione.",
        }
    )
    return EditionVersion.objects.create(
        edition=edition,
        number=1,
        snapshot=Snapshot.objects.get(pk=snapshot.pk),
        texts=texts,
        published_at=timezone.now(),
        published_by=staff,
    )


def test_no_text_falls_outside_the_content_box_on_any_page(full_edition, settings) -> None:
    assert settings.BILANCIO_PREVIOUS_EDITIONS == 3
    path = version_build_pdf(version=full_edition)
    pages = list(extract_pages(path))
    assert len(pages) > 5
    seen_previous = 0
    problems: list[str] = []
    for number, page in enumerate(pages, start=1):
        text = "".join(c.get_text() for c in _chars(page))
        seen_previous += text.count("2016:")
        bad, margin_lines = _outside(page)
        problems += [f"page {number}: {b}" for b in bad[:5]]
        for line in margin_lines:
            # only the running header (title, section) and the page number live in the margins
            # (pdfminer gives no boxes for spaces: the lines are compared without them)
            if number > 1 and line.startswith(("BilancioSociale2019", "Pagina")):
                continue
            problems.append(f"page {number}: text in the margin: {line!r}")
    assert seen_previous > 20  # the earlier editions are beside the figures
    # section 8 (DM 4/7/2019), numbered in the registry's order, with the attestation
    all_text = "".join(c.get_text() for page in pages for c in _chars(page))
    number = [s.key for s in sections()].index("monitoraggio") + 1
    assert f"{number}.Monitoraggiosvoltodall'organodicontrollo" in all_text.replace(" ", "")
    assert ATTESTATION.replace(" ", "") in all_text.replace(" ", "")
    assert "30/04/2020" in all_text
    assert not problems, "\n".join(problems[:40])


def test_every_people_count_of_the_real_snapshot_is_a_whole_number(full_edition) -> None:
    checked = 0
    for section in full_edition.snapshot.data["sections"]:
        for block in section["blocks"]:
            data = block["data"]
            people = [c["key"] for c in data.get("columns") or [] if c.get("type") == "people"]
            for row in [*(data.get("rows") or []), data.get("totals") or {}]:
                for key in people:
                    if key in row:
                        assert isinstance(row[key], int), (section["key"], block["key"], row)
                        checked += 1
            for fig in data.get("figures") or []:
                if fig.get("type") == "people" and isinstance(fig.get("value"), int | float):
                    assert isinstance(fig["value"], int), (section["key"], block["key"], fig)
                    checked += 1
    assert checked > 20


def test_the_content_box_check_catches_text_off_the_page() -> None:
    """The check itself: a character past the right margin is reported."""

    class FakeChar(LTChar):
        def __init__(self, x0: float, text: str) -> None:
            LTComponent.__init__(self, (x0, 400, x0 + 5, 410))
            self._text = text

        def get_text(self) -> str:
            return self._text

    page = LTPage(1, (0, 0, 595.28, 841.89))
    page.add(FakeChar(100, "a"))
    page.add(FakeChar(560, "b"))
    bad, margin = _outside(page)
    assert len(bad) == 1 and "'b'" in bad[0] and margin == []
