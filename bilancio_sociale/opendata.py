"""Open data of a published version: CSV and JSON per data block, DCAT-AP_IT metadata (JSON-LD).

Rendered from the same protected snapshot as the web page and the PDF: suppressed cells carry
the same "< 5" / "n.d." markers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.urls import reverse

from .disclosure import protect_snapshot
from .models import Edition, EditionVersion

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER_NAME = "Comune di Brescia"
PUBLISHER_ID = "c_b157"  # codice IPA del Comune di Brescia


def protected_blocks(snapshot: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for section in protect_snapshot(snapshot).get("sections", []):
        for block in section.get("blocks", []):
            out.append((section, block))
    return out


def find_block(
    snapshot: dict[str, Any], section_key: str, block_key: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    for section, block in protected_blocks(snapshot):
        if section["key"] == section_key and block["key"] == block_key:
            return section, block
    return None


def _clean(value: Any) -> Any:
    return value


def block_json(edition: Edition, version: EditionVersion, section: dict, block: dict) -> dict:
    data = block.get("data") or {}
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
        "righe": [
            {k: v for k, v in row.items() if not k.startswith("_")}
            for row in data.get("rows") or []
        ],
        "totali": data.get("totals") or {},
        "cifre": [
            {
                "chiave": f.get("key"),
                "etichetta": f.get("label"),
                "valore": f.get("value"),
                "tipo": f.get("type", "number"),
            }
            for f in data.get("figures") or []
        ],
        "nota": data.get("note", ""),
        "fonte": data.get("source", ""),
        "licenza": LICENSE_URL,
        "riservatezza": {
            "soglia": int(settings.DISCLOSURE_THRESHOLD),
            "soglia_dati_sensibili": int(settings.DISCLOSURE_THRESHOLD_SENSITIVE),
            "celle_soppresse": data.get("disclosure", []),
        },
    }


def block_csv(block: dict) -> str:
    data = block.get("data") or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
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
    if value is None:
        return ""
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
    issued = version.published_at.date().isoformat()
    # The latest version of the edition is the catalog's last modification (a correction).
    modified = (
        edition.versions.order_by("-number").values_list("published_at", flat=True).first()
        or version.published_at
    ).date()
    language = {"@id": "http://publications.europa.eu/resource/authority/language/ITA"}
    contact: dict[str, Any] = {
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": f"{PUBLISHER_NAME} – Brescia Città del Noi",
        "vcard:hasURL": {"@id": absolute(reverse("bilancio_sociale:edition_list"))},
    }
    if getattr(settings, "OPEN_DATA_CONTACT_EMAIL", ""):
        contact["vcard:hasEmail"] = {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"}
    datasets = []
    for section, block in protected_blocks(snapshot):
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
                "dct:modified": {"@type": "xsd:date", "@value": issued},
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
        "dct:modified": {"@type": "xsd:date", "@value": modified.isoformat()},
        "dct:language": language,
        "dct:license": license_node,
        "dcat:themeTaxonomy": {
            "@id": "http://publications.europa.eu/resource/authority/data-theme"
        },
        "foaf:homepage": {"@id": absolute(reverse("bilancio_sociale:edition_list"))},
        "dcat:dataset": datasets,
    }
