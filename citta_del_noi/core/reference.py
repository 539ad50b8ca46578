"""The default accessibility statement, loaded by `load_reference` when none exists (staff then
keep it up to date in the admin)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from .accessibility_models import (
    AccessibilityStatement,
    ComplianceStatus,
    NonAccessibleContent,
    NonAccessibleReason,
)

# The order in which `manage.py load_reference` loads the apps' reference data: after the apps.
ORDER = 90

DEFAULT_REVIEW = date(2026, 12, 1)


def load() -> dict[str, int]:
    if AccessibilityStatement.objects.exists():
        return {"dichiarazione di accessibilità": 0}
    statement = AccessibilityStatement.objects.create(
        site_url=settings.PORTAL_BASE_URL + "/",
        status=ComplianceStatus.PARTIAL,
        reviewed_on=DEFAULT_REVIEW,
        method=_(
            "Autovalutazione: a ogni modifica del codice le pagine pubbliche, le pagine di "
            "accesso e le pagine principali di ciascun ruolo sono verificate con axe-core, a "
            "390 e a 1.280 pixel di larghezza; verifiche manuali con tastiera e lettore di "
            "schermo sulle pagine dei moduli."
        ),
        feedback_email=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    )
    NonAccessibleContent.objects.bulk_create(
        [
            NonAccessibleContent(
                statement=statement,
                order=1,
                content=_("Documenti PDF caricati dai partner e dai consigli (allegati, verbali)"),
                reason=NonAccessibleReason.NON_COMPLIANCE,
                explanation=_(
                    "I file caricati non sono controllati dal portale e possono non essere "
                    "marcati; su richiesta il Comune ne fornisce una versione accessibile. Il "
                    "PDF del Bilancio Sociale è prodotto dal portale in formato marcato (PDF/UA)."
                ),
            ),
            NonAccessibleContent(
                statement=statement,
                order=2,
                content=_("Mappe del territorio"),
                reason=NonAccessibleReason.DISPROPORTIONATE,
                explanation=_(
                    "Le mappe sono accompagnate dall'elenco testuale di zone, quartieri e Punti "
                    "Comunità, che ne riporta tutte le informazioni."
                ),
            ),
        ]
    )
    return {"dichiarazione di accessibilità": 1}
