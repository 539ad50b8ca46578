"""Narrative texts per azione in the section "obiettivi-attivita".

Besides the section's own text, staff write for each of the seven actions "Obiettivi e
contesto" and "Cosa ha funzionato e cosa no" (DM 4 luglio 2019: objectives, context, what worked
and what did not, per cantiere). They are `SectionText` rows with a `sub_key`
("<azione slug>/<part>") and, in an edition's texts (and a published version's frozen `texts`),
the keys "obiettivi-attivita/<azione slug>/<part>". The list of actions shown comes from the
edition's frozen snapshot, so a published edition never changes when an action is renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from citta_del_noi.reporting.bilancio import current_actions

from .text import paragraphs

AZIONI_SECTION = "obiettivi-attivita"
PARTS: list[tuple[str, Any]] = [
    ("obiettivi-contesto", _("Obiettivi e contesto")),
    ("cosa-ha-funzionato", _("Cosa ha funzionato e cosa no")),
]
PART_KEYS = {key for key, _label in PARTS}


def sub_key(azione_slug: str, part: str) -> str:
    return f"{azione_slug}/{part}"


def text_key(section_key: str, sub: str) -> str:
    """The key of a text in an edition's texts: the section key, or "section/sub key"."""
    return f"{section_key}/{sub}" if sub else section_key


def valid_sub_key(section_key: str, sub: str, azioni: list[tuple[str, str]]) -> bool:
    if section_key != AZIONI_SECTION or sub.count("/") != 1:
        return False
    slug, part = sub.split("/")
    return part in PART_KEYS and slug in {s for s, _label in azioni}


def correction_choices(section_title: str, azioni: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text key, label) of every per-azione text a correction may replace."""
    return [
        (text_key(AZIONI_SECTION, sub_key(slug, part)), f"{section_title} › {name} › {label}")
        for slug, name in azioni
        for part, label in PARTS
    ]


def current_azioni() -> list[tuple[str, str]]:
    """(slug, "N. name") of the actions recorded now: what staff can write about."""
    return current_actions()  # registered by cantieri


def azioni_from_snapshot(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """(slug, "N. name") of the actions frozen in a snapshot: the "identita.azioni" block, else
    the rows of "obiettivi-attivita.per-cantiere"."""
    blocks = {
        (section.get("key"), block.get("key")): block.get("data") or {}
        for section in snapshot.get("sections") or []
        for block in section.get("blocks") or []
    }
    rows = blocks.get(("identita", "azioni"), {}).get("rows") or []
    if rows:
        return [(str(r.get("_key")), f"{r.get('numero')}. {r.get('nome')}") for r in rows]
    rows = blocks.get((AZIONI_SECTION, "per-cantiere"), {}).get("rows") or []
    return [(str(r.get("_key")), str(r.get("azione", r.get("_key")))) for r in rows]


@dataclass
class Part:
    key: str
    label: str
    text: str

    @property
    def html(self) -> Any:
        return paragraphs(self.text)


@dataclass
class AzioneNarrative:
    slug: str
    title: str
    parts: list[Part] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(p.text for p in self.parts)


def azioni_narratives(
    section_key: str, texts: dict[str, str], azioni: list[tuple[str, str]]
) -> list[AzioneNarrative]:
    """The per-azione texts of a section (every action, written or not), in the actions' order.
    Texts about an action missing from the list (e.g. removed later) are shown after it."""
    if section_key != AZIONI_SECTION:
        return []
    prefix = f"{section_key}/"
    known = [slug for slug, _title in azioni]
    extra = sorted(
        {k[len(prefix) :].split("/")[0] for k in texts if k.startswith(prefix)} - set(known)
    )
    titles = dict(azioni)
    out = []
    for slug in [*known, *extra]:
        out.append(
            AzioneNarrative(
                slug=slug,
                title=titles.get(slug, slug),
                parts=[
                    Part(
                        key=part,
                        label=str(label),
                        text=texts.get(text_key(section_key, sub_key(slug, part)), ""),
                    )
                    for part, label in PARTS
                ],
            )
        )
    return out
