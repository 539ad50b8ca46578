"""The bench rows of the pages not in run.py's lists nor in home_pages.py (issue 14: every
page kind of every role); `Page` is run.py's row class."""

from __future__ import annotations

from typing import Any


def other_pages(info: dict, Page: Any) -> list[Any]:
    """Every other page kind of every role (the homes, the Bilancio and the public pages are in
    home_pages.py): the territory, needs, welfare map, finder, search and API without a session,
    a partner's record pages and forms, the councils', the agencies'."""
    word, anon = info["word"][:6], "anonimo"
    out = [
        Page("territorio", anon, "/territorio/"),
        Page("bisogni", anon, "/agenzie/bisogni/"),
        Page("mappa del welfare", anon, "/agenzie/mappa-welfare/"),
        Page("servizi", anon, "/servizi/"),
        Page("servizi ?aperto ora", anon, "/servizi/?aperto=on"),
        Page("cerca", anon, f"/cerca/?q={word}"),
        Page("API azioni", anon, "/api/v1/azioni/"),
        Page("API unità di servizio", anon, "/api/v1/unita-servizio/"),
        Page("API bilancio", anon, "/api/v1/bilancio/"),
        Page("nuova attività", "partner", "/attivita/nuova/"),
        Page("importa", "partner", "/attivita/importa/"),
        Page("API attività", "partner", "/api/v1/attivita/"),
        Page("consigli", "consiglio", "/consigli/"),
        Page("decisioni", "consiglio", "/consigli/decisioni/"),
        Page("lavoro dell'agenzia", "agenzia", "/agenzie/lavoro/"),
    ]
    if info.get("own_activity"):
        pk = info["own_activity"]
        out += [
            Page("attività (scheda)", "partner", f"/attivita/{pk}/"),
            Page("attività (modifica)", "partner", f"/attivita/{pk}/modifica/"),
            Page("attività (scheda)", "staff", f"/attivita/{pk}/"),
        ]
    if info.get("unit"):
        out.append(Page("servizio (scheda)", anon, f"/servizi/{info['unit']}/"))
    if info.get("meeting"):
        out.append(Page("riunione", "consiglio", f"/consigli/riunioni/{info['meeting']}/"))
    return out
