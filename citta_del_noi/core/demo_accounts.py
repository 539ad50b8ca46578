"""The demo accounts `seed_demo` creates (one per role). Demo only: never in production."""

from __future__ import annotations

DEMO_PASSWORD = "CittaDelNoi-demo-2026"  # noqa: S105 - demo data, printed on purpose
DEMO_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BANJ2W24DTEBXXMZLSEB2GQZJA"  # noqa: S105

# (email, first name, last name, role key, description, needs TOTP)
DEMO_ACCOUNTS = [
    ("admin@cittadelnoi.demo", "Alessandra", "Amministratrice", "admin", "Amministratore", True),
    (
        "staff@cittadelnoi.demo",
        "Stefano",
        "Servizi",
        "staff",
        "Personale del Comune (tutte le zone)",
        True,
    ),
    (
        "staff.est@cittadelnoi.demo",
        "Elena",
        "Est",
        "staff_est",
        "Personale del Comune limitato alla Zona Est",
        True,
    ),
    (
        "referente@auser.demo",
        "Paolo",
        "Partner",
        "partner",
        "Referente di Auser Volontariato Brescia",
        False,
    ),
    ("referente@colibri.demo", "Chiara", "Colibrì", "partner_b", "Referente di Co.Librì", False),
    (
        "compilatore@auser.demo",
        "Cora",
        "Compilatrice",
        "partner_compilatore",
        "Compilatrice di Auser (registra e importa bozze, non invia)",
        False,
    ),
    (
        "lettore@auser.demo",
        "Leo",
        "Lettore",
        "partner_lettore",
        "Lettore di Auser (consulta ed esporta le attività)",
        False,
    ),
    (
        "compilatore@colibri.demo",
        "Carlo",
        "Compilatore",
        "partner_b_compilatore",
        "Compilatore di Co.Librì (registra e importa bozze, non invia)",
        False,
    ),
    (
        "lettore@colibri.demo",
        "Lia",
        "Lettrice",
        "partner_b_lettore",
        "Lettrice di Co.Librì (consulta ed esporta le attività)",
        False,
    ),
    (
        "presidente@cittadelnoi.demo",
        "Piera",
        "Presidente",
        "council_president",
        "Presidente del Consiglio di indirizzo",
        False,
    ),
    (
        "segretario@cittadelnoi.demo",
        "Sergio",
        "Segretario",
        "council_secretary",
        "Segretario del Consiglio di indirizzo",
        False,
    ),
    (
        "consigliere@cittadelnoi.demo",
        "Carla",
        "Consigliera",
        "council",
        "Componente di entrambi i consigli",
        False,
    ),
    (
        "agenzia.conoscenza@cittadelnoi.demo",
        "Agnese",
        "Conoscenza",
        "agency",
        "Referente dell'Agenzia Conoscenza e Innovazione",
        False,
    ),
    (
        "agenzia.finanza@cittadelnoi.demo",
        "Fabio",
        "Finanza",
        "agency_finanza",
        "Referente dell'Agenzia Finanza",
        False,
    ),
]


def demo_email(key: str) -> str:
    """The email of the demo account `key` (the fourth field of DEMO_ACCOUNTS)."""
    return next(email for email, _f, _l, k, _d, _t in DEMO_ACCOUNTS if k == key)
