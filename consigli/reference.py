"""The two councils, loaded by `manage.py load_reference` (create-only, idempotent)."""

from __future__ import annotations

from .models import Consiglio

# The order in which `manage.py load_reference` loads the apps' reference data.
ORDER = 50

COUNCILS = [
    (
        "indirizzo",
        "Consiglio di indirizzo del welfare cittadino",
        2016,
        "Enti del terzo settore, sindacati, enti di ricerca e formazione ed esperti nominati dalla "
        "Giunta dopo un avviso pubblico. Orienta, stimola e valuta le politiche di welfare e "
        "co-progetta (co-programmazione, art. 55 d.lgs. 117/2017).",
    ),
    (
        "progetto",
        "Consiglio di progetto",
        2016,
        "L'organo di indirizzo del progetto: Comune, partner e referenti delle agenzie.",
    ),
]


def load() -> dict[str, int]:
    created = 0
    for slug, name, year, description in COUNCILS:
        created += Consiglio.objects.get_or_create(
            slug=slug, defaults={"name": name, "established": year, "description": description}
        )[1]
    return {"consigli": created}
