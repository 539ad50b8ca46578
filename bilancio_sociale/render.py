"""From a frozen snapshot (after disclosure control) to what the HTML page, the PDF and the open
data show. Every output formats its numbers here, so they carry the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _g

from citta_del_noi.charts import BarChart, LineChart, Series, StackedBarChart
from citta_del_noi.charts.formatting import format_money, format_number, format_percent

from . import monitoring as monitoring_texts
from .disclosure import SECONDARY, protect_snapshot
from .narrative import AzioneNarrative, azioni_from_snapshot, azioni_narratives
from .registry import key_figures_for
from .text import paragraphs

NUMERIC = {"people", "number", "money", "percent"}


def fmt(value: Any, kind: str = "number") -> str:
    """Italian formatting: 1.234 · 1.234,5 · 1.234,56 € · 12,5 %. Strings pass through."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _g("sì") if value else _g("no")
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        value = float(value)
    if kind == "people" and isinstance(value, float):
        value = int(value + 0.5)  # a count of people is a whole number in every output
    if kind == "money":
        return format_money(value)
    if kind == "percent":
        return format_percent(value)
    return format_number(value)


@dataclass
class Cell:
    display: str
    numeric: bool
    previous: list[tuple[str, str]] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class Figure:
    key: str
    label: str
    display: str
    previous: list[tuple[str, str]] = field(default_factory=list)
    suppressed: bool = False
    description: str = ""


@dataclass
class Block:
    section_key: str
    key: str
    title: str
    description: str
    kind: str
    note: str = ""
    source: str = ""
    empty: str = ""
    text: str = ""
    figures: list[Figure] = field(default_factory=list)
    headers: list[dict[str, Any]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    totals: list[Cell] | None = None
    chart: Any = None
    has_suppression: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    # (order, figure): the block's values marked as key figures, for "in breve".
    key_figures: list[tuple[float, Figure]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.section_key}-{self.key}"

    @property
    def is_tabular(self) -> bool:
        return bool(self.headers and self.rows)


@dataclass
class Section:
    key: str
    title: str
    number: int
    text: str
    blocks: list[Block]
    # Per-azione narrative (section "obiettivi-attivita" only), every action, written or not.
    azioni: list[AzioneNarrative] = field(default_factory=list)
    # Section 8 (DM 4/7/2019): the control body's monitoring, from the frozen texts.
    monitoring: monitoring_texts.Monitoring | None = None

    @property
    def text_html(self) -> SafeString:
        return paragraphs(self.text)

    @property
    def has_azione_texts(self) -> bool:
        return any(a.has_text for a in self.azioni)


@dataclass
class Document:
    title: str
    edition_slug: str
    period_label: str
    taken_at: str
    sections: list[Section]
    previous_labels: list[str]
    erratum: str = ""
    version_number: int | None = None
    approval: str = ""  # the Consiglio di indirizzo's approval, one sentence (cover of the PDF)
    # The disclosure thresholds frozen in the snapshot (normal, sensitive), for the legends.
    disclosure: tuple[int, int] = (5, 10)

    @property
    def disclosure_legend(self) -> str:
        normal, sensitive = self.disclosure
        return _g(
            "«< %(normal)s» e «< %(sensitive)s»: conteggi di persone sotto la soglia di "
            "riservatezza (%(sensitive)s per i dati sensibili); «n.d.»: valore non diffuso "
            "perché permetterebbe di ricalcolarli dai totali."
        ) % {"normal": normal, "sensitive": sensitive}

    @property
    def chart_count(self) -> int:
        return sum(1 for s in self.sections for b in s.blocks if b.chart is not None)

    def in_breve(self, limit: int = 12) -> list[tuple[Section, Figure]]:
        """The key figures marked by the blocks (see registry "key_figures"), in their order;
        for a snapshot without any, the first figures of the report."""
        marked = sorted(
            (
                (order, section.number, i, section, figure)
                for section in self.sections
                for block in section.blocks
                for i, (order, figure) in enumerate(block.key_figures)
            ),
            key=lambda item: (item[0], item[1], item[2]),
        )
        if marked:
            return [(section, figure) for *_rest, section, figure in marked]
        out: list[tuple[Section, Figure]] = []
        for section in self.sections:
            for block in section.blocks:
                for figure in block.figures:
                    if figure.display in ("—", "") or block.section_key == "nota-metodologica":
                        continue
                    out.append((section, figure))
                    if len(out) >= limit:
                        return out
        return out


def _row_key(row: dict[str, Any], columns: list[dict[str, Any]]) -> str:
    if "_key" in row:
        return str(row["_key"])
    for col in columns:
        if col.get("type", "text") == "text":
            return str(row.get(col["key"], ""))
    return ""


def _index_previous(protected: dict[str, Any]) -> dict[str, Any]:
    """section.block → {"figures": {key: value}, "rows": {rowkey: row}, "totals": {...}}."""
    out: dict[str, Any] = {}
    for section in protected.get("sections", []):
        for block in section.get("blocks", []):
            data = block.get("data") or {}
            columns = data.get("columns") or []
            out[f"{section['key']}.{block['key']}"] = {
                "figures": {f.get("key"): f.get("value") for f in data.get("figures") or []},
                "rows": {_row_key(r, columns): r for r in data.get("rows") or []},
                "totals": data.get("totals") or {},
            }
    return out


def _chart(
    block_title: str, data: dict[str, Any], columns: list[dict[str, Any]], chart_id: str
) -> Any:
    spec = data.get("chart") or {}
    rows = data.get("rows") or []
    if not spec or not rows:
        return None
    labels_by_key = {c["key"]: c.get("label", c["key"]) for c in columns}
    unit = ""
    series_keys = [k for k in spec.get("series", []) if k in labels_by_key]
    if not series_keys:
        return None
    kinds = {c["key"]: c.get("type") for c in columns}
    unit = {"people": _g("persone"), "money": "€", "percent": "%"}.get(
        kinds[series_keys[0]] or "", ""
    )
    x = spec.get("x")
    labels = [str(r.get(x, "")) for r in rows]
    hidden = any(isinstance(r.get(k), str) for r in rows for k in series_keys)
    series = [
        Series(
            name=str(labels_by_key[k]),
            values=[r.get(k) if isinstance(r.get(k), int | float) else None for r in rows],
        )
        for k in series_keys
    ]
    description = _g("Grafico di %(title)s; i valori sono nella tabella.") % {"title": block_title}
    if hidden:
        description += " " + _g("I valori riservati non sono rappresentati.")
    cls = {"line": LineChart, "stacked": StackedBarChart}.get(spec.get("type", "bar"), BarChart)
    return cls(
        title=block_title,
        description=description,
        unit=unit,
        labels=labels,
        series=series,
        category_label=labels_by_key.get(x, ""),
        chart_id=f"grafico-{chart_id}",
    )


def build_document(
    *,
    snapshot: dict[str, Any],
    texts: dict[str, str],
    title: str,
    period_label: str,
    previous: list[tuple[str, dict[str, Any]]] | None = None,
    erratum: str = "",
    version_number: int | None = None,
    only_section: str | None = None,
    with_charts: bool = True,
    azioni: list[tuple[str, str]] | None = None,
) -> Document:
    """`previous`: (label, raw snapshot) of earlier editions, newest first. `texts`: the section
    texts by section key, and the per-azione texts (see narrative.py); `azioni`: the actions to
    write about when the snapshot does not list them (live data of a draft)."""
    protected = protect_snapshot(snapshot)
    azioni = azioni_from_snapshot(snapshot) or azioni or []
    prev_indexes = [
        (label, _index_previous(protect_snapshot(data))) for label, data in previous or []
    ]
    sections: list[Section] = []
    number = 0
    for raw_section in protected.get("sections", []):
        number += 1
        if only_section and raw_section["key"] != only_section:
            continue
        blocks = [
            _build_block(raw_section["key"], b, prev_indexes, with_charts)
            for b in raw_section.get("blocks", [])
        ]
        sections.append(
            Section(
                key=raw_section["key"],
                title=raw_section["title"],
                number=number,
                text=texts.get(raw_section["key"], ""),
                blocks=blocks,
                azioni=azioni_narratives(raw_section["key"], texts, azioni),
                monitoring=(
                    monitoring_texts.from_texts(texts)
                    if raw_section["key"] == monitoring_texts.SECTION
                    else None
                ),
            )
        )
    known = {s.get("key") for s in protected.get("sections", [])}
    if monitoring_texts.SECTION not in known and (only_section in (None, monitoring_texts.SECTION)):
        # a snapshot taken before section 8 existed: the section follows the others
        monitoring = monitoring_texts.from_texts(texts)
        if not monitoring.is_empty:
            sections.append(
                Section(
                    key=monitoring_texts.SECTION,
                    title=str(monitoring_texts.TITLE),
                    number=number + 1,
                    text=texts.get(monitoring_texts.SECTION, ""),
                    blocks=[],
                    monitoring=monitoring,
                )
            )
    return Document(
        title=title,
        edition_slug=snapshot.get("edition", ""),
        period_label=period_label,
        taken_at=snapshot.get("taken_at", ""),
        sections=sections,
        previous_labels=[label for label, _ in prev_indexes],
        erratum=erratum,
        version_number=version_number,
        disclosure=(protected["disclosure"]["threshold"], protected["disclosure"]["sensitive"]),
    )


def _is_suppressed(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("< ") or value == SECONDARY)


def _build_block(
    section_key: str,
    raw: dict[str, Any],
    prev_indexes: list[tuple[str, dict[str, Any]]],
    with_charts: bool,
) -> Block:
    data = raw.get("data") or {}
    kind = data.get("kind") or "table"
    block = Block(
        section_key=section_key,
        key=raw["key"],
        title=raw.get("title", raw["key"]),
        description=raw.get("description", ""),
        kind=kind,
        note=str(data.get("note") or ""),
        source=str(data.get("source") or ""),
        text=str(data.get("text") or ""),
        has_suppression=bool(data.get("disclosure")),
        data=data,
    )
    ref = f"{section_key}.{raw['key']}"
    # A block that already shows the earlier years in its own columns opts out of the previous
    # editions' values beside each figure ("previous_editions": False).
    compare = data.get("previous_editions", True) is not False
    prevs = [(label, index.get(ref)) for label, index in prev_indexes] if compare else []
    for fig in data.get("figures") or []:
        ftype = fig.get("type", "number")
        previous = [
            (label, fmt(p["figures"].get(fig.get("key")), ftype))
            for label, p in prevs
            if p and fig.get("key") in p["figures"] and ftype in NUMERIC
        ]
        block.figures.append(
            Figure(
                key=str(fig.get("key", "")),
                label=str(fig.get("label", "")),
                display=fmt(fig.get("value"), ftype),
                previous=previous,
                suppressed=_is_suppressed(fig.get("value")),
            )
        )
    columns = data.get("columns") or []
    rows = data.get("rows") or []
    if columns and rows:
        block.headers = [
            {
                "key": c["key"],
                "label": str(c.get("label", c["key"])),
                "numeric": c.get("type") in NUMERIC,
            }
            for c in columns
        ]
        for row in rows:
            rk = _row_key(row, columns)
            cells = []
            for col in columns:
                ctype = col.get("type", "text")
                value = row.get(col["key"])
                previous = []
                if ctype in NUMERIC:
                    for label, p in prevs:
                        prow = p["rows"].get(rk) if p else None
                        if prow is not None and col["key"] in prow:
                            previous.append((label, fmt(prow[col["key"]], ctype)))
                cells.append(
                    Cell(
                        display=fmt(value, ctype),
                        numeric=ctype in NUMERIC,
                        previous=previous,
                        suppressed=_is_suppressed(value),
                    )
                )
            block.rows.append(cells)
        totals = data.get("totals") or {}
        if totals:
            block.totals = []
            for i, col in enumerate(columns):
                ctype = col.get("type", "text")
                if col["key"] in totals:
                    previous = [
                        (label, fmt(p["totals"][col["key"]], ctype))
                        for label, p in prevs
                        if p and col["key"] in p["totals"]
                    ]
                    block.totals.append(
                        Cell(
                            display=fmt(totals[col["key"]], ctype),
                            numeric=True,
                            previous=previous,
                            suppressed=_is_suppressed(totals[col["key"]]),
                        )
                    )
                else:
                    block.totals.append(Cell(display=_g("Totale") if i == 0 else "", numeric=False))
        if with_charts:
            block.chart = _chart(block.title, data, columns, f"{section_key}-{raw['key']}")
    if kind == "empty" or (not block.figures and not block.rows and not block.text):
        block.kind = "empty"
        block.empty = block.note or _g("Nessun dato registrato per questo periodo.")
        block.note = ""
    else:
        block.key_figures = _key_figures(section_key, raw["key"], data, prevs)
    return block


def _resolve(kf: dict[str, Any], index: dict[str, Any] | None) -> tuple[bool, Any]:
    """(found, value) of a key figure in an indexed (protected) block, see _index_previous."""
    if index is None:
        return False, None
    if "total" in kf:
        return kf["total"] in index["totals"], index["totals"].get(kf["total"])
    if "figure" in kf:
        return kf["figure"] in index["figures"], index["figures"].get(kf["figure"])
    if "row" in kf:
        row = index["rows"].get(str(kf["row"]))
        if row is None:
            return "default" in kf, kf.get("default")
        return kf.get("column") in row, row.get(kf.get("column"))
    if "value" in kf:
        return True, kf["value"]
    return False, None


def _key_figures(
    section_key: str,
    block_key: str,
    data: dict[str, Any],
    prevs: list[tuple[str, dict[str, Any] | None]],
) -> list[tuple[float, Figure]]:
    """The block's key figures, read from its protected values (so what "in breve" shows is what
    the full report shows), with the previous editions' values beside them."""
    declared: dict[str, dict[str, Any]] = {}
    for kf in [*key_figures_for(section_key, block_key), *(data.get("key_figures") or [])]:
        if isinstance(kf, dict) and kf.get("key"):
            declared[str(kf["key"])] = kf
    if not declared:
        return []
    wrapped = {"sections": [{"key": section_key, "blocks": [{"key": block_key, "data": data}]}]}
    index = _index_previous(wrapped)[f"{section_key}.{block_key}"]
    col_types = {c.get("key"): c.get("type", "text") for c in data.get("columns") or []}
    fig_types = {f.get("key"): f.get("type", "number") for f in data.get("figures") or []}
    out: list[tuple[float, Figure]] = []
    for kf in declared.values():
        if "total" in kf or "row" in kf:
            ftype = col_types.get(kf.get("total", kf.get("column")), "number")
        elif "figure" in kf:
            ftype = fig_types.get(kf["figure"], "number")
        else:
            ftype = kf.get("type", "number")
            if ftype == "people":
                continue  # a literal count of people would escape disclosure control
        found, value = _resolve(kf, index)
        if not found or value is None or value == "":
            continue
        previous = []
        for label, p in prevs:
            p_found, p_value = _resolve(kf, p)
            if p_found and p_value is not None and ftype in NUMERIC:
                previous.append((label, fmt(p_value, ftype)))
        out.append(
            (
                float(kf.get("order", 100)),
                Figure(
                    key=str(kf["key"]),
                    label=str(kf.get("label", "")),
                    display=fmt(value, ftype),
                    previous=previous,
                    suppressed=_is_suppressed(value),
                    description=str(kf.get("description", "")),
                ),
            )
        )
    return out


def previous_values_html(previous: list[tuple[str, str]]) -> SafeString:
    if not previous:
        return SafeString("")
    # One item per earlier edition: inline with separators on the web page, one short line each
    # in the PDF (print.css), so that three editions beside a figure stay inside its cell.
    return format_html(
        '<span class="prev">{}</span>',
        format_html_join(
            SafeString('<span class="prev-sep"> · </span>'),
            '<span class="prev-item">{}: {}</span>',
            previous,
        ),
    )
