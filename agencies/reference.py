"""The five agencies, loaded by `manage.py load_reference` (create-only, idempotent)."""

from __future__ import annotations

from .models import Agency, WelfareTargetGroup

# The order in which `manage.py load_reference` loads the apps' reference data.
ORDER = 40

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


# The target groups of the welfare map (code, label, aliases, sensitive), in the order of the
# city's Bilancio Sociale. The city's own categories stay separate: "minori in tutela" is not
# "minori e famiglie", "servizi trasversali anziani/disabili" is neither of the two.
# Staff edit them (Strumenti delle agenzie → Destinatari della mappa del welfare).
WELFARE_TARGET_GROUPS = [
    ("prima-infanzia", "Prima infanzia (0–6 anni)", ["infanzia", "0-6", "nidi"], False),
    ("minori", "Minori e famiglie", ["minori", "famiglie", "bambini e ragazzi"], False),
    ("minori-tutela", "Minori in tutela", ["tutela minori", "tutela"], True),
    ("giovani", "Giovani", ["adolescenti", "ragazzi"], False),
    ("anziani", "Anziani", ["terza età", "over 65"], False),
    ("disabilita", "Persone con disabilità", ["disabili", "disabilità"], True),
    (
        "trasversali-anziani-disabili",
        "Servizi trasversali anziani/disabili",
        ["anziani e disabili", "anziani/disabili", "trasversali anziani disabili"],
        False,
    ),
    (
        "poverta",
        "Povertà e grave marginalità",
        ["povertà", "grave marginalità", "marginalità", "adulti in difficoltà"],
        True,
    ),
    ("salute-mentale", "Salute mentale", ["psichiatria"], True),
    ("dipendenze", "Dipendenze", ["tossicodipendenze"], True),
    ("stranieri", "Persone straniere", ["immigrati", "immigrazione", "stranieri"], False),
    ("abitare", "Abitare", ["casa", "housing", "emergenza abitativa"], False),
    ("lavoro", "Lavoro", ["inserimento lavorativo", "lavoro e formazione"], False),
    ("multiutenza", "Multiutenza", ["multi-utenza", "tutti i cittadini"], False),
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
    groups = 0
    for order, (code, label, aliases, sensitive) in enumerate(WELFARE_TARGET_GROUPS, start=1):
        groups += WelfareTargetGroup.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "order": order * 10,
                "aliases": "\n".join(aliases),
                "sensitive": sensitive,
            },
        )[1]
    return {"agenzie": created, "destinatari della mappa del welfare": groups}
