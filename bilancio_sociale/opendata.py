"""Open data of a published version: CSV and JSON per data block, DCAT-AP_IT metadata (JSON-LD).

Rendered from the same protected snapshot as the web page and the PDF: suppressed cells carry
the same "< 5" / "n.d." markers.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy

from citta_del_noi.common.spreadsheets import SafeCsvWriter

from . import monitoring
from .disclosure import protect_snapshot, thresholds
from .models import Edition, EditionVersion

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER_NAME = "Comune di Brescia"
PUBLISHER_ID = "c_b157"  # codice IPA del Comune di Brescia


def protected_blocks(
    snapshot: dict[str, Any], texts: dict[str, str] | None = None
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every block of the protected snapshot; with the version's `texts`, also section 8's
    (the control body's monitoring, entered by staff and frozen with the texts)."""
    out = []
    sections = protect_snapshot(snapshot).get("sections", [])
    for section in sections:
        for block in section.get("blocks", []):
            out.append((section, block))
    if texts is not None:
        section = next((s for s in sections if s.get("key") == monitoring.SECTION), None)
        if section is None and not monitoring.from_texts(texts).is_empty:
            section = {"key": monitoring.SECTION, "title": str(monitoring.TITLE), "blocks": []}
        if section is not None:
            out.append((section, monitoring.block(texts)))
    return out


def find_block(
    snapshot: dict[str, Any],
    section_key: str,
    block_key: str,
    texts: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    for section, block in protected_blocks(snapshot, texts):
        if section["key"] == section_key and block["key"] == block_key:
            return section, block
    return None


def _clean(value: Any) -> Any:
    """A whole number read back as a float (a database sum: 512.0) is published as 512."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _clean(v) for k, v in row.items() if not k.startswith("_")}


# --- table schema (Frictionless Table Schema, https://specs.frictionlessdata.io/table-schema/)

SCHEMA_PROFILE = "https://specs.frictionlessdata.io/schemas/table-schema.json"
_FIELD_TYPES = {
    "people": "integer",
    "number": "number",
    "money": "number",
    "percent": "number",
    "text": "string",
}


def _type_meaning(ctype: str, normal: int, sensitive: int) -> tuple[str, str]:
    """(unit, definition) of a column type, when the provider does not declare them."""
    if ctype == "people":
        return (
            _g("persone"),
            _g(
                "Numero intero di persone, somma di quanto dichiarato nelle schede attività "
                "approvate dal Comune (una persona presente in più attività è contata più "
                "volte). Un conteggio ripartito tra più quartieri è diviso in parti intere con "
                "il metodo dei resti maggiori, così che le parti sommano al totale. Sotto la "
                "soglia di riservatezza (%(normal)s, %(sensitive)s per i dati sensibili) il "
                "valore non è diffuso."
            )
            % {"normal": normal, "sensitive": sensitive},
        )
    if ctype == "money":
        return "EUR", _g("Importo in euro, con il punto come separatore dei decimali.")
    if ctype == "percent":
        return "%", _g("Percentuale (0–100), con il punto come separatore dei decimali.")
    if ctype == "number":
        return (
            _g("numero"),
            _g("Valore numerico (conteggio o misura), con il punto come separatore dei decimali."),
        )
    return "", _g("Testo: etichetta o descrizione della riga.")


def _missing_values(snapshot_thresholds: tuple[int, int]) -> tuple[list[str], dict[str, str]]:
    normal, sensitive = snapshot_thresholds
    meaning = {
        "": _g("Dato non applicabile o non rilevato."),
        f"< {normal}": _g(
            "Conteggio di persone inferiore alla soglia di riservatezza (%(n)s): il valore "
            "esatto non è diffuso per proteggere le persone."
        )
        % {"n": normal},
        f"< {sensitive}": _g(
            "Conteggio di persone di una categoria sensibile (es. persone con disabilità) "
            "inferiore alla soglia di riservatezza più alta (%(n)s): non diffuso."
        )
        % {"n": sensitive},
        "n.d.": _g(
            "Non diffuso (soppressione secondaria): il valore permetterebbe di ricalcolare un "
            "conteggio riservato a partire dai totali o da altre tabelle."
        ),
    }
    return list(meaning), meaning


FORMULA_PREFIX_MEANING = gettext_lazy(
    "Nel CSV un testo che inizia con =, +, -, @, una tabulazione o un a capo (per esempio un "
    "contributo di un cittadino) è preceduto da un apostrofo ('), perché un foglio di calcolo "
    "non lo esegua come formula: per il testo originale togli l'apostrofo iniziale. I numeri "
    "(anche negativi) non hanno mai l'apostrofo; il JSON riporta il testo originale."
)


def block_schema(section: dict, block: dict, thresholds: tuple[int, int]) -> dict[str, Any]:
    """The Frictionless Table Schema of a block's CSV (and of the "righe" of its JSON).

    Per column: name, title, description, type, unit and definition (declared by the provider
    in the column as "description", "unit", "definition", else the meaning of its type); the
    markers of suppressed values are `missingValues`, explained in `missingValuesMeaning`."""
    data = block.get("data") or {}
    normal, sensitive = thresholds
    missing, meaning = _missing_values(thresholds)
    block_title = str(block.get("title", block.get("key", "")))
    context = str(data.get("note") or block.get("description") or "")
    fields: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}
    columns = data.get("columns") or []
    if columns:
        for col in columns:
            ctype = col.get("type", "text")
            unit, definition = _type_meaning(ctype, normal, sensitive)
            label = str(col.get("label", col["key"]))
            field: dict[str, Any] = {
                "name": col["key"],
                "title": label,
                "description": str(col.get("description") or f"{label} – {block_title}"),
                "type": _FIELD_TYPES.get(ctype, "string"),
                "unit": str(col.get("unit") or unit),
                "definition": str(col.get("definition") or definition),
            }
            if ctype == "people":
                field["sensitive"] = bool(col.get("sensitive"))
            if ctype in ("number", "money", "percent"):
                field["decimalChar"] = "."
                field["groupChar"] = ""
            fields.append(field)
        if data.get("totals"):
            extra["totalRow"] = _g(
                "L'ultima riga del CSV è il totale (prima colonna «Totale»); nel JSON è in "
                "«totali»."
            )
    elif data.get("figures"):
        fields = [
            {
                "name": "chiave",
                "title": _g("Chiave"),
                "description": _g("Identificativo stabile del dato, uguale tra le edizioni."),
                "type": "string",
                "unit": "",
                "definition": _g("Chiave del dato nel blocco."),
            },
            {
                "name": "dato",
                "title": _g("Dato"),
                "description": _g("Nome del dato."),
                "type": "string",
                "unit": "",
                "definition": _g("Etichetta del dato come appare nel bilancio."),
            },
            {
                "name": "valore",
                "title": _g("Valore"),
                "description": _g("Valore del dato; unità e definizione in «figures»."),
                "type": "any",
                "unit": _g("vedi «figures»"),
                "definition": _g("Il valore del dato, con l'unità indicata per ciascuna chiave."),
            },
        ]
        described = []
        for fig in data["figures"]:
            ftype = fig.get("type", "number")
            unit, definition = _type_meaning(ftype, normal, sensitive)
            described.append(
                {
                    "key": fig.get("key", ""),
                    "title": str(fig.get("label", "")),
                    "type": _FIELD_TYPES.get(ftype, "string"),
                    "unit": str(fig.get("unit") or unit),
                    "definition": str(fig.get("definition") or definition),
                }
            )
        extra["figures"] = described
    else:
        fields = [
            {
                "name": "nota",
                "title": _g("Nota"),
                "description": _g("Nota del blocco."),
                "type": "string",
                "unit": "",
                "definition": _g("Testo che spiega perché il blocco non ha dati."),
            }
        ]
    return {
        "$schema": SCHEMA_PROFILE,
        "title": f"{section.get('title', '')} – {block_title}",
        "description": context or block_title,
        "fields": fields,
        "missingValues": missing,
        "missingValuesMeaning": meaning,
        "formulaPrefix": "'",
        "formulaPrefixMeaning": str(FORMULA_PREFIX_MEANING),
        **extra,
    }


def schema_path(edition: Edition, section_key: str, block_key: str) -> str:
    return reverse(
        "bilancio_sociale:block_schema",
        kwargs={"slug": edition.slug, "section": section_key, "block": block_key},
    )


def block_json(
    edition: Edition,
    version: EditionVersion,
    section: dict,
    block: dict,
    *,
    snapshot_thresholds: tuple[int, int] | None = None,
    base_url: str = "",
) -> dict:
    data = block.get("data") or {}
    normal, sensitive = snapshot_thresholds or thresholds(None)
    return {
        "edizione": edition.slug,
        "versione": version.number,
        "periodo": {
            "inizio": edition.period_start.isoformat(),
            "fine": edition.period_end.isoformat(),
        },
        "sezione": {"chiave": section["key"], "titolo": section["title"]},
        "blocco": {"chiave": block["key"], "titolo": block.get("title", "")},
        "tipo": data.get("kind", "table"),
        "colonne": [
            {
                "chiave": c["key"],
                "etichetta": c.get("label", c["key"]),
                "tipo": c.get("type", "text"),
            }
            for c in data.get("columns") or []
        ],
        "righe": [_clean_row(row) for row in data.get("rows") or []],
        "totali": _clean_row(data.get("totals") or {}),
        "cifre": [
            {
                "chiave": f.get("key"),
                "etichetta": f.get("label"),
                "valore": _clean(f.get("value")),
                "tipo": f.get("type", "number"),
            }
            for f in data.get("figures") or []
        ],
        "nota": data.get("note", ""),
        "fonte": data.get("source", ""),
        "licenza": LICENSE_URL,
        "riservatezza": {
            "soglia": normal,
            "soglia_dati_sensibili": sensitive,
            "celle_soppresse": data.get("disclosure", []),
        },
        "schema_url": base_url.rstrip("/") + schema_path(edition, section["key"], block["key"]),
        "schema": block_schema(section, block, (normal, sensitive)),
    }


def block_csv(block: dict) -> str:
    data = block.get("data") or {}
    buffer = io.StringIO()
    # Every cell goes through the portal's formula neutraliser (see FORMULA_PREFIX_MEANING).
    writer = SafeCsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    columns = data.get("columns") or []
    if columns:
        writer.writerow([c.get("label", c["key"]) for c in columns])
        for row in data.get("rows") or []:
            writer.writerow([_csv_value(row.get(c["key"])) for c in columns])
        totals = data.get("totals") or {}
        if totals:
            writer.writerow(
                [
                    "Totale"
                    if i == 0 and c["key"] not in totals
                    else _csv_value(totals.get(c["key"]))
                    for i, c in enumerate(columns)
                ]
            )
    elif data.get("figures"):
        writer.writerow(["chiave", "dato", "valore"])
        for fig in data["figures"]:
            writer.writerow(
                [fig.get("key", ""), fig.get("label", ""), _csv_value(fig.get("value"))]
            )
    else:
        writer.writerow(["nota"])
        writer.writerow([data.get("note", "")])
    return "\ufeff" + buffer.getvalue()


def _csv_value(value: Any) -> Any:
    """Numbers as numbers: 512 (never 512.0), 12.5, no float noise (0.30000000000000004)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return format(round(value, 6), "f").rstrip("0").rstrip(".")
    return value


def has_data(block: dict) -> bool:
    data = block.get("data") or {}
    return data.get("kind") != "empty" and bool(data.get("rows") or data.get("figures"))


def dcat_catalog(edition: Edition, version: EditionVersion, snapshot: dict, base_url: str) -> dict:
    """DCAT-AP_IT metadata (JSON-LD): a dcat:Dataset per data block, CSV and JSON distributions."""

    def absolute(path: str) -> str:
        return base_url.rstrip("/") + path

    publisher = {
        "@type": "foaf:Agent",
        "@id": f"https://indicepa.gov.it/ipa-dati/dataset/enti/{PUBLISHER_ID}",
        "foaf:name": PUBLISHER_NAME,
        "dct:identifier": PUBLISHER_ID,
    }
    license_node = {
        "@id": LICENSE_URL,
        "@type": "dct:LicenseDocument",
        "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
        "foaf:name": "CC BY 4.0",
    }
    published = list(edition.versions.order_by("number").values_list("published_at", flat=True))
    # issued: the first publication; modified: the latest version (a correction publishes a
    # new one), to the microsecond, so a correction published right after moves it too.
    issued = (published[0] if published else version.published_at).date().isoformat()
    modified = max([*published, version.published_at]).isoformat(timespec="microseconds")
    modified_node = {"@type": "xsd:dateTime", "@value": modified}
    language = {"@id": "http://publications.europa.eu/resource/authority/language/ITA"}
    contact: dict[str, Any] = {
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": f"{PUBLISHER_NAME} – Brescia Città del Noi",
        "vcard:hasURL": {"@id": absolute(reverse("bilancio_sociale:edition_list"))},
    }
    email = str(getattr(settings, "OPEN_DATA_CONTACT_EMAIL", "") or "")
    if email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{email}"}
    datasets = []
    for section, block in protected_blocks(snapshot, version.texts):
        if not has_data(block):
            continue
        kwargs = {"slug": edition.slug, "section": section["key"], "block": block["key"]}
        page = absolute(reverse("bilancio_sociale:edition_detail", kwargs={"slug": edition.slug}))
        datasets.append(
            {
                "@id": f"{page}#b-{section['key']}-{block['key']}",
                "@type": ["dcat:Dataset", "dcatapit:Dataset"],
                "dct:identifier": (
                    f"{PUBLISHER_ID}:bilancio-sociale:{edition.slug}:"
                    f"{section['key']}:{block['key']}"
                ),
                "dct:title": {
                    "@language": "it",
                    "@value": f"{section['title']} – {block.get('title', '')}",
                },
                "dct:description": {
                    "@language": "it",
                    "@value": (block.get("data") or {}).get("note")
                    or f"{block.get('title', '')} ({edition.title})",
                },
                "dct:publisher": publisher,
                "dct:rightsHolder": publisher,
                "dct:issued": {"@type": "xsd:date", "@value": issued},
                "dct:modified": modified_node,
                "dct:language": language,
                "dcat:contactPoint": contact,
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": {
                        "@type": "xsd:date",
                        "@value": edition.period_start.isoformat(),
                    },
                    "dcat:endDate": {"@type": "xsd:date", "@value": edition.period_end.isoformat()},
                },
                "dcat:theme": [
                    {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
                    {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
                ],
                "dct:accrualPeriodicity": {
                    "@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
                },
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": [
                    {
                        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                        "dct:title": f"{block.get('title', '')} ({fmt.upper()})",
                        "dcat:accessURL": {
                            "@id": absolute(reverse(f"bilancio_sociale:block_{fmt}", kwargs=kwargs))
                        },
                        "dcat:downloadURL": {
                            "@id": absolute(reverse(f"bilancio_sociale:block_{fmt}", kwargs=kwargs))
                        },
                        "dct:format": {
                            "@id": "http://publications.europa.eu/resource/authority/"
                            f"file-type/{fmt.upper()}"
                        },
                        "dcat:mediaType": "text/csv" if fmt == "csv" else "application/json",
                        "dct:license": license_node,
                        "dct:issued": {"@type": "xsd:date", "@value": issued},
                        "dct:modified": modified_node,
                        # the Frictionless Table Schema of the columns (CSV, and JSON "righe")
                        "dct:conformsTo": {
                            "@id": absolute(schema_path(edition, section["key"], block["key"])),
                            "@type": "dct:Standard",
                            "dct:title": "Frictionless Table Schema",
                        },
                    }
                    for fmt in ("csv", "json")
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("bilancio_sociale:dcat", kwargs={"slug": edition.slug})),
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": {"@language": "it", "@value": f"Dati aperti – {edition.title}"},
        "dct:description": {
            "@language": "it",
            "@value": (
                "Dati del Bilancio Sociale partecipativo di Brescia Città del Noi, "
                f"periodo {edition.period_start.isoformat()} – {edition.period_end.isoformat()}, "
                f"versione {version.number}. Conteggi di persone sotto soglia non diffusi."
            ),
        },
        "dct:publisher": publisher,
        "dct:issued": {"@type": "xsd:date", "@value": issued},
        "dct:modified": modified_node,
        "dct:language": language,
        "dct:license": license_node,
        "dcat:themeTaxonomy": {
            "@id": "http://publications.europa.eu/resource/authority/data-theme"
        },
        "foaf:homepage": {"@id": absolute(reverse("bilancio_sociale:edition_list"))},
        "dcat:dataset": datasets,
    }
