"""The columns of the activity spreadsheet: keys, Italian headers, what is required."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..activity_rules import (
    TEXT_FIELDS,
)
from ..models import (
    AgeBand,
    FundingSource,
    TargetGroup,
)

TEXT, NUMBER, DATE, BOOL = "text", "number", "date", "bool"
# Columns of free text: recognisable personal data is refused per row (and never stored).
PRIVATE_TEXT_COLUMNS = ("import_key", *TEXT_FIELDS)

# (key, Italian header, kind, instructions)
COLUMNS: list[tuple[str, Any, str, Any]] = [
    (
        "import_key",
        gettext_lazy("Codice riga"),
        TEXT,
        gettext_lazy(
            "Obbligatorio. Un codice che non cambia (es. LAB-2018-01): reimportando lo "
            "stesso codice l'attività viene aggiornata, non duplicata."
        ),
    ),
    ("title", gettext_lazy("Titolo"), TEXT, gettext_lazy("Obbligatorio.")),
    (
        "azione",
        gettext_lazy("Azione o cantiere"),
        TEXT,
        gettext_lazy("Numero (1–7) o identificativo (es. anziani)."),
    ),
    (
        "kind",
        gettext_lazy("Tipo di attività"),
        TEXT,
        gettext_lazy("Nome o identificativo (es. laboratorio)."),
    ),
    (
        "reporting_period",
        gettext_lazy("Periodo di rendicontazione"),
        TEXT,
        gettext_lazy("Nome del periodo (es. 2018-H1)."),
    ),
    ("period_start", gettext_lazy("Dal"), DATE, gettext_lazy("Data gg/mm/aaaa.")),
    ("period_end", gettext_lazy("Al"), DATE, gettext_lazy("Data gg/mm/aaaa.")),
    ("city_wide", gettext_lazy("Intera città"), BOOL, gettext_lazy("sì oppure no.")),
    (
        "quartieri",
        gettext_lazy("Quartieri"),
        TEXT,
        gettext_lazy("Nomi o codici ISTAT separati da punto e virgola."),
    ),
    ("punto_comunita", gettext_lazy("Punto Comunità"), TEXT, gettext_lazy("Nome, facoltativo.")),
    (
        "description",
        gettext_lazy("Descrizione"),
        TEXT,
        gettext_lazy("Senza nomi di persone: solo dati aggregati."),
    ),
    ("participants_total", gettext_lazy("Partecipanti totali"), NUMBER, ""),
    ("participants_new", gettext_lazy("Nuovi partecipanti"), NUMBER, ""),
    (
        "participants_returning",
        gettext_lazy("Partecipanti già coinvolti"),
        NUMBER,
        gettext_lazy("Nuovi + già coinvolti = totale."),
    ),
    ("participants_female", gettext_lazy("Femmine"), NUMBER, ""),
    ("participants_male", gettext_lazy("Maschi"), NUMBER, ""),
    (
        "participants_sex_unknown",
        gettext_lazy("Sesso non rilevato"),
        NUMBER,
        gettext_lazy("Femmine + maschi + non rilevato = totale."),
    ),
    *[
        (band.value, band.label, NUMBER, gettext_lazy("Le fasce d'età sommano al totale."))
        for band in AgeBand
    ],
    ("volunteers", gettext_lazy("Volontari coinvolti"), NUMBER, ""),
    ("volunteer_hours", gettext_lazy("Ore di volontariato"), NUMBER, ""),
    ("staff_hours", gettext_lazy("Ore di personale retribuito"), NUMBER, ""),
    ("in_kind_value", gettext_lazy("Valore beni in natura (€)"), NUMBER, ""),
    ("in_kind_description", gettext_lazy("Beni in natura"), TEXT, ""),
    ("spaces", gettext_lazy("Spazi utilizzati"), TEXT, ""),
]
REQUIRED = (
    "import_key",
    "title",
    "azione",
    "kind",
    "reporting_period",
    "period_start",
    "period_end",
)
FORMULA_START = ("=",)
HTML_RE = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:|on[a-z]+\s*=", re.IGNORECASE)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def target_header(group: TargetGroup) -> str:
    return _("Destinatari: %(name)s") % {"name": group.name}


def funding_header(source: FundingSource) -> str:
    return _("Euro: %(name)s") % {"name": source.name}


def all_headers() -> list[tuple[str, str, str, str]]:
    """(key, header, kind, instructions) including one column per target group and source."""
    out = [(k, str(h), kind, str(doc)) for k, h, kind, doc in COLUMNS]
    for g in TargetGroup.objects.order_by("order", "name"):
        out.append(
            (
                f"target:{g.pk}",
                target_header(g),
                NUMBER,
                _("Partecipanti di questo gruppo (non più del totale)."),
            )
        )
    for s in FundingSource.objects.order_by("order", "name"):
        out.append((f"funding:{s.pk}", funding_header(s), NUMBER, _("Euro da questa fonte.")))
    return out
