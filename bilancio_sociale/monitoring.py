"""Section 8 of the DM 4/7/2019 structure: "Monitoraggio svolto dall'organo di controllo".

Who monitored (the body, its members, the date), the attestation that the report complies with
the guidelines, and any remarks; or, where no control body is required, why. Staff enter it on
the edition's staff pages; it is stored as the edition's texts of the section "monitoraggio"
(`SectionText` rows with these sub keys: "monitoraggio/organo", …), so it is frozen with the
other texts at approval and publication (a published version's `texts`), and a correction may
replace one of its parts like any other text, with its erratum in the version's log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

SECTION = "monitoraggio"
TITLE = _("Monitoraggio svolto dall'organo di controllo")
BLOCK = "organo-di-controllo"

ORGANO, COMPONENTI, DATA, ATTESTAZIONE, OSSERVAZIONI, NON_RICHIESTO = (
    "organo",
    "componenti",
    "data",
    "attestazione",
    "osservazioni",
    "non-richiesto",
)
PARTS: list[tuple[str, Any]] = [
    (ORGANO, _("Organo di controllo")),
    (COMPONENTI, _("Componenti")),
    (DATA, _("Data del monitoraggio")),
    (ATTESTAZIONE, _("Attestazione di conformità alle linee guida")),
    (OSSERVAZIONI, _("Osservazioni")),
    (NON_RICHIESTO, _("Motivo per cui l'organo di controllo non è previsto")),
]
PART_KEYS = {key for key, _label in PARTS}


def valid_sub_key(section_key: str, sub: str) -> bool:
    return section_key == SECTION and sub in PART_KEYS


def text_key(part: str) -> str:
    return f"{SECTION}/{part}"


def correction_choices(section_title: str) -> list[tuple[str, str]]:
    return [(text_key(part), f"{section_title} › {label}") for part, label in PARTS]


@dataclass
class Monitoring:
    body: str = ""
    members: str = ""
    on: str = ""  # ISO date
    attestation: str = ""
    remarks: str = ""
    not_required_reason: str = ""

    @property
    def date_label(self) -> str:
        try:
            return date.fromisoformat(self.on).strftime("%d/%m/%Y")
        except ValueError:
            return self.on

    @property
    def not_required(self) -> bool:
        return bool(self.not_required_reason)

    @property
    def complete(self) -> bool:
        """What the approval needs: body, date and attestation, or why there is no body."""
        return self.not_required or bool(self.body and self.on and self.attestation)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.body,
                self.members,
                self.on,
                self.attestation,
                self.remarks,
                self.not_required_reason,
            )
        )

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) as shown in HTML, PDF and open data."""
        labels = dict(PARTS)
        if self.not_required:
            return [(str(labels[NON_RICHIESTO]), self.not_required_reason)]
        out = [
            (str(labels[ORGANO]), self.body),
            (str(labels[COMPONENTI]), self.members),
            (str(labels[DATA]), self.date_label),
            (str(labels[ATTESTAZIONE]), self.attestation),
        ]
        if self.remarks:
            out.append((str(labels[OSSERVAZIONI]), self.remarks))
        return out


def from_texts(texts: dict[str, str]) -> Monitoring:
    def get(part: str) -> str:
        return (texts.get(text_key(part)) or "").strip()

    return Monitoring(
        body=get(ORGANO),
        members=get(COMPONENTI),
        on=get(DATA),
        attestation=get(ATTESTAZIONE),
        remarks=get(OSSERVAZIONI),
        not_required_reason=get(NON_RICHIESTO),
    )


def block(texts: dict[str, str]) -> dict[str, Any]:
    """The section's data block for the open data (CSV/JSON), from the frozen texts."""
    monitoring = from_texts(texts)
    title = _g("Organo di controllo e attestazione")
    if monitoring.is_empty:
        data: dict[str, Any] = {
            "kind": "empty",
            "note": _g("Il monitoraggio dell'organo di controllo non è stato registrato."),
        }
    else:
        keys = (
            [NON_RICHIESTO]
            if monitoring.not_required
            else [ORGANO, COMPONENTI, DATA, ATTESTAZIONE, OSSERVAZIONI]
        )
        values = {
            ORGANO: monitoring.body,
            COMPONENTI: monitoring.members,
            DATA: monitoring.on,
            ATTESTAZIONE: monitoring.attestation,
            OSSERVAZIONI: monitoring.remarks,
            NON_RICHIESTO: monitoring.not_required_reason,
        }
        labels = dict(PARTS)
        data = {
            "kind": "figures",
            "figures": [
                {
                    "key": key,
                    "label": str(labels[key]),
                    "value": values[key],
                    "type": "text",
                    "unit": "data (AAAA-MM-GG)" if key == DATA else "",
                    "definition": _definition(key),
                }
                for key in keys
            ],
            "source": _g("Organo di controllo; registrato dal personale del Comune"),
        }
    return {"key": BLOCK, "title": title, "description": "", "data": data}


def _definition(key: str) -> str:
    return {
        ORGANO: _g("L'organo che ha svolto il monitoraggio (es. organo di controllo, revisore)."),
        COMPONENTI: _g("Le persone che compongono l'organo di controllo."),
        DATA: _g("Il giorno in cui l'organo ha concluso il monitoraggio."),
        ATTESTAZIONE: _g(
            "Il testo con cui l'organo attesta che il bilancio sociale è redatto in conformità "
            "alle linee guida del DM 4 luglio 2019."
        ),
        OSSERVAZIONI: _g("Le osservazioni dell'organo di controllo, se ve ne sono."),
        NON_RICHIESTO: _g("Perché per questo bilancio non è previsto un organo di controllo."),
    }[key]
