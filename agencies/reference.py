"""The five agencies, loaded by `manage.py load_reference` (create-only, idempotent)."""

from __future__ import annotations

from .models import Agency

AGENCIES = [
    (
        "governance",
        "Governance",
        "Allinea gli attori pubblici e del terzo settore; supporta i due consigli.",
        "Comune di Brescia (da verificare)",
        False,
    ),
    (
        "risorse-umane",
        "Risorse umane",
        "Formazione e sviluppo di operatori e volontari del welfare; ricerca-azione; "
        "«people raising».",
        "Università Cattolica del Sacro Cuore",
        True,
    ),
    (
        "conoscenza",
        "Conoscenza e Innovazione",
        "Ricerca su bisogni e offerta, mappatura del welfare cittadino, buone pratiche; "
        "co-produzione del Bilancio Sociale partecipativo con il Comune.",
        "Università degli Studi di Brescia e Centro Studi Socialis",
        True,
    ),
    (
        "comunicazione",
        "Comunicazione",
        "Piano di comunicazione, eventi pubblici, condivisione nella rete.",
        "da verificare",
        False,
    ),
    (
        "finanza",
        "Finanza",
        "Raccolta e canalizzazione di risorse: il fondo di progetto presso la Fondazione della "
        "Comunità Bresciana, bandi per il non profit.",
        "Comune di Brescia e Fondazione della Comunità Bresciana",
        True,
    ),
]


def load() -> dict[str, int]:
    created = 0
    for order, (slug, name, function, lead, verified) in enumerate(AGENCIES, start=1):
        created += Agency.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "function": function,
                "lead": lead,
                "lead_verified": verified,
                "order": order,
            },
        )[1]
    return {"agenzie": created}
