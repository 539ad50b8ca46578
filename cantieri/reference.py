"""Reference data of the actions, loaded by `manage.py load_reference` (create-only, idempotent)."""

from __future__ import annotations

from .models import ActivityKind, Azione, FundingSource, TargetGroup

# The order in which `manage.py load_reference` loads the apps' reference data.
ORDER = 30

TARGET_GROUPS = [
    ("prima-infanzia", "Prima infanzia (0–6) e famiglie", False),
    ("minori", "Bambini e ragazzi (6–14)", False),
    ("giovani", "Giovani", False),
    ("famiglie", "Famiglie", False),
    ("anziani", "Anziani", False),
    ("disabilita", "Persone con disabilità", True),
    ("poverta", "Persone in povertà", True),
    ("comunita", "Cittadinanza e comunità", False),
    ("operatori", "Operatori e volontari", False),
]

# (number, slug, kind, name, theme, confirmed, target groups, description)
AZIONI = [
    (
        1,
        "governance",
        "sistema",
        "Allineamento, integrazione e governance",
        "Azione di sistema",
        True,
        ["operatori", "comunita"],
        "Riorganizzazione territoriale dei servizi sociali in cinque zone, consigli e agenzie.",
    ),
    (
        2,
        "forza-comunita",
        "cantiere",
        "La Forza della Comunità",
        "Attivazione della comunità",
        True,
        ["comunita"],
        "Punti Comunità e mappatura del welfare cittadino.",
    ),
    (
        3,
        "prima-infanzia",
        "cantiere",
        "Tempi per le famiglie",
        "Prima infanzia (0–6)",
        False,
        ["prima-infanzia", "famiglie"],
        "Spazi 0–3 con un genitore e sostegno alle famiglie.",
    ),
    (
        4,
        "giovani",
        "cantiere",
        "Vivi il quartiere",
        "Giovani",
        False,
        ["minori", "giovani"],
        "Centri di aggregazione giovanile e attività 6–14 nei quartieri.",
    ),
    (
        5,
        "anziani",
        "cantiere",
        "Anziani nella comunità",
        "Anziani",
        False,
        ["anziani"],
        "Assistenza domiciliare (SAD), Centri Aperti, "
        "sperimentazione di cura integrata in Zona Est.",
    ),
    (
        6,
        "disabilita",
        "cantiere",
        "Vita indipendente",
        "Persone con disabilità",
        False,
        ["disabilita", "famiglie"],
        "Sostegno diurno e residenziale dopo la scuola, vita indipendente.",
    ),
    (
        7,
        "poverta",
        "cantiere",
        "Contrasto alla povertà",
        "Povertà",
        False,
        ["poverta", "famiglie"],
        "Circa 1.400 persone in povertà assoluta in città.",
    ),
]

ACTIVITY_KINDS = [
    ("laboratorio", "Laboratorio"),
    ("sportello", "Sportello di ascolto e orientamento"),
    ("evento", "Evento pubblico"),
    ("formazione", "Formazione"),
    ("gruppo", "Gruppo di sostegno o auto-mutuo aiuto"),
    ("domiciliare", "Intervento domiciliare"),
    ("aggregazione", "Attività di aggregazione"),
    ("distribuzione", "Distribuzione di beni"),
    ("accompagnamento", "Accompagnamento e tutoraggio"),
    ("coprogettazione", "Incontro di co-progettazione"),
]

FUNDING_SOURCES = [
    ("cariplo", "Fondazione Cariplo – Welfare in azione", "privato", True),
    ("comune", "Comune di Brescia", "pubblico", False),
    ("partner", "Cofinanziamento dei partner", "privato", False),
    ("fondazioni", "Altre fondazioni", "privato", False),
    ("donazioni", "Donazioni", "privato", False),
    ("altri-pubblici", "Altri enti pubblici", "pubblico", False),
]


def load() -> dict[str, int]:
    created = {"destinatari": 0, "azioni": 0, "tipi": 0, "fonti": 0}
    groups = {}
    for order, (slug, name, sensitive) in enumerate(TARGET_GROUPS):
        group, was_created = TargetGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "sensitive": sensitive, "order": order}
        )
        groups[slug] = group
        created["destinatari"] += was_created
    for number, slug, kind, name, theme, confirmed, targets, description in AZIONI:
        azione, was_created = Azione.objects.get_or_create(
            slug=slug,
            defaults={
                "number": number,
                "kind": kind,
                "name": name,
                "theme": theme,
                "name_confirmed": confirmed,
                "description": description,
            },
        )
        if was_created:
            azione.target_groups.set([groups[t] for t in targets])
        created["azioni"] += was_created
    for slug, name in ACTIVITY_KINDS:
        created["tipi"] += ActivityKind.objects.get_or_create(slug=slug, defaults={"name": name})[1]
    for order, (slug, name, sector, main) in enumerate(FUNDING_SOURCES):
        created["fonti"] += FundingSource.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "sector": sector, "is_main_grant": main, "order": order},
        )[1]
    return created
