from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilancioSocialeConfig(AppConfig):
    name = "bilancio_sociale"
    verbose_name = _("Bilancio Sociale")

    def ready(self) -> None:
        from citta_del_noi.accounts.roles import is_comune_staff
        from citta_del_noi.core.navigation import NavEntry, register

        from . import jobs  # noqa: F401  (registers the PDF build handler)
        from .approval import register_integrity_check, register_subject
        from .sections import register as register_sections

        register_sections()
        register_subject()
        register_integrity_check()
        register(
            NavEntry("bilancio_sociale:edition_list", _("Bilancio Sociale"), order=80, public=True)
        )
        register(
            NavEntry(
                "bilancio_sociale:staff_list",
                _("Gestione Bilancio Sociale"),
                order=80,
                visible=is_comune_staff,
            )
        )
