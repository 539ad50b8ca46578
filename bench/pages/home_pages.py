"""The bench rows of the role homes, the Bilancio Sociale and the public pages (issue 14,
"home"): `pages_for` in run.py adds them; `Page` is run.py's row class."""

from __future__ import annotations

from typing import Any

EXTRA_ACCOUNTS = {
    "agenzia": "agenzia.conoscenza@cittadelnoi.demo",
    "admin": "admin@cittadelnoi.demo",
}


def home_and_public_pages(info: dict, Page: Any) -> list[Any]:
    """The role homes, the Bilancio Sociale and the public pages (issue 14, "home")."""
    info["sessions"].setdefault("anonimo", "anonimo")  # no such session: an anonymous visitor
    out = [Page("home", role, "/") for role in ("anonimo", "agenzia", "admin")]
    for role in ("staff", "staff_zona", "partner", "consiglio", "agenzia", "admin"):
        out.append(Page("home area riservata", role, "/area-riservata/"))
    cantiere = info["azione_slugs"][1]
    for label, path in (
        ("programma", "/programma/"),
        ("cantiere pubblico", f"/agenzie/cantieri/{cantiere}/"),
        ("cantiere documentazione", f"/attivita/cantieri/{cantiere}/documentazione/"),
        ("notizie", "/agenzie/notizie/"),
        ("eventi", "/agenzie/eventi/"),
        ("bandi", "/agenzie/bandi/"),
    ):
        out.append(Page(f"pubblica {label}", "anonimo", path))
    out.append(Page("pubblica bandi", "partner", "/agenzie/bandi/"))
    published = [e for e in info.get("bilancio", []) if e[2] == "published"]
    other = [e for e in info.get("bilancio", []) if e[2] != "published"]
    if published:
        pk, slug, _status = published[-1]
        for label, path in (
            ("", f"/bilancio-sociale/{slug}/"),
            (" in breve", f"/bilancio-sociale/{slug}/in-breve/"),
            (" dati", f"/bilancio-sociale/{slug}/dati/"),
            (" CSV", f"/bilancio-sociale/{slug}/dati/citta/zone.csv"),
            (" confronta", "/bilancio-sociale/confronta/"),
        ):
            out.append(Page(f"bilancio sociale edizione{label}", "anonimo", path))
        out.append(
            Page(
                "bilancio sociale gestione pubblicata", "staff", f"/bilancio-sociale/gestione/{pk}/"
            )
        )
    out.append(Page("bilancio sociale pubblico", "anonimo", "/bilancio-sociale/"))
    for pk, _slug, _status in other[-1:]:
        for label, path in (
            ("", ""),
            (" anteprima", "anteprima/"),
            (" anteprima sezione", "anteprima/obiettivi-attivita/"),
            (" sezione", "sezioni/citta/"),
            (" contributi", "contributi/"),
        ):
            out.append(
                Page(
                    f"bilancio sociale gestione{label}",
                    "staff",
                    f"/bilancio-sociale/gestione/{pk}/{path}",
                )
            )
    return out
