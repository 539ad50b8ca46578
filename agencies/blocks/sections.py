"""Registers the agencies' Bilancio Sociale sections (AgenciesConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from citta_del_noi.reporting.bilancio import DataBlock, register_section

from .needs import bs_needs, bs_needs_unanswered, bs_stakeholders
from .people import bs_people, bs_staff_by_contract, bs_staff_by_role
from .resources import bs_leverage, bs_resources, bs_spending_agency, bs_spending_azione
from .welfare import (
    bs_welfare_comune,
    bs_welfare_providers,
    bs_welfare_spending,
    bs_welfare_units,
    bs_welfare_users,
)


def register_report_sections() -> None:

    register_section(
        key="governance",
        title=gettext_lazy("Governance e partecipazione"),
        order=30,
        blocks=[
            DataBlock(
                key="agenzie-portatori",
                title=gettext_lazy("Mappa dei portatori di interesse"),
                provider=bs_stakeholders,
            )
        ],
    )
    register_section(
        key="persone",
        title=gettext_lazy("Le persone"),
        order=40,
        blocks=[
            DataBlock(
                key="persone",
                title=gettext_lazy("Personale, volontari e formazione"),
                provider=bs_people,
            ),
            DataBlock(
                key="personale-ruolo",
                title=gettext_lazy("Personale per ruolo"),
                provider=bs_staff_by_role,
            ),
            DataBlock(
                key="personale-contratto",
                title=gettext_lazy("Personale per contratto"),
                provider=bs_staff_by_contract,
            ),
        ],
    )
    register_section(
        key="risorse",
        title=gettext_lazy("Le risorse"),
        order=60,
        blocks=[
            DataBlock(
                key="fonti", title=gettext_lazy("Fonti, pubbliche e private"), provider=bs_resources
            ),
            DataBlock(key="leva", title=gettext_lazy("Effetto leva"), provider=bs_leverage),
            DataBlock(
                key="spesa-azione",
                title=gettext_lazy("Budget e spesa per azione"),
                provider=bs_spending_azione,
            ),
            DataBlock(
                key="spesa-agenzia",
                title=gettext_lazy("Budget e spesa per agenzia"),
                provider=bs_spending_agency,
            ),
        ],
    )
    register_section(
        key="offerta-welfare",
        title=gettext_lazy("Le risorse in campo: l'offerta di welfare della città"),
        order=55,
        description=gettext_lazy(
            "Obiettivi e attività (DM 4 luglio 2019, sezione 5) letti con la situazione "
            "economica (sezione 6): le unità di offerta del welfare cittadino, chi le gestisce, "
            "quanto valgono e chi le paga."
        ),
        blocks=[
            DataBlock(
                key="unita-destinatari",
                title=gettext_lazy("Unità di offerta per destinatari"),
                provider=bs_welfare_units,
            ),
            DataBlock(
                key="utenti-destinatari",
                title=gettext_lazy("Utenti e posti per destinatari"),
                provider=bs_welfare_users,
            ),
            DataBlock(
                key="gestori",
                title=gettext_lazy("Enti gestori per forma giuridica"),
                provider=bs_welfare_providers,
            ),
            DataBlock(
                key="gestione-comunale",
                title=gettext_lazy("Le unità gestite dal Comune"),
                provider=bs_welfare_comune,
            ),
            DataBlock(
                key="spesa-fonti",
                title=gettext_lazy("Il valore dell'offerta e chi lo sostiene"),
                provider=bs_welfare_spending,
            ),
        ],
    )
    register_section(
        key="bisogni",
        title=gettext_lazy("Bisogni con risposta e senza risposta"),
        order=70,
        blocks=[
            DataBlock(
                key="bisogni-stato", title=gettext_lazy("Bisogni per stato"), provider=bs_needs
            ),
            DataBlock(
                key="bisogni-senza-risposta",
                title=gettext_lazy("Bisogni ancora senza risposta, con i motivi"),
                provider=bs_needs_unanswered,
            ),
        ],
    )
