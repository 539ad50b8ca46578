"""The programme's partners and later supporters (create-only, idempotent).

Codici fiscali are left empty where they are not verified; staff complete them in the admin.
"""

from __future__ import annotations

from django.utils.text import slugify

from .models import LegalForm, Organization

# The order in which `manage.py load_reference` loads the apps' reference data.
ORDER = 20

PARTNERS = [
    ("Comune di Brescia", LegalForm.ENTE_PUBBLICO, "00761890177", True),
    ("Auser Volontariato Brescia", LegalForm.ASSOCIAZIONE, None, True),
    ("Co.Librì società cooperativa onlus", LegalForm.COOPERATIVA_SOCIALE, None, True),
    ("Centro Studi Socialis", LegalForm.ASSOCIAZIONE, None, True),
    ("Università degli Studi di Brescia", LegalForm.UNIVERSITA, None, True),
    ("Università Cattolica del Sacro Cuore", LegalForm.UNIVERSITA, None, True),
    ("Fondazione della Comunità Bresciana", LegalForm.FONDAZIONE, None, False),
    ("Fondazione ASM", LegalForm.FONDAZIONE, None, False),
    ("Congrega della Carità Apostolica", LegalForm.ENTE_ECCLESIASTICO, None, False),
    ("Fondazione Brescia Solidale", LegalForm.FONDAZIONE, None, False),
    ("Fondazione Casa di Industria", LegalForm.FONDAZIONE, None, False),
]


def load() -> dict[str, int]:
    created = 0
    for name, form, cf, partner in PARTNERS:
        created += Organization.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "legal_form": form,
                "codice_fiscale": cf,
                "is_project_partner": partner,
            },
        )[1]
    return {"organizzazioni": created}
