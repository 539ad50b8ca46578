from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilancioSocialeConfig(AppConfig):
    name = "bilancio_sociale"
    verbose_name = _("Bilancio Sociale")

    def ready(self) -> None:
        from citta_del_noi.accounts.roles import is_comune_staff, staff_zone_ids
        from citta_del_noi.core.navigation import NavEntry, register

        from . import jobs, tasks  # noqa: F401  (registers the PDF build handler and the tasks)
        from .approval import register_integrity_check, register_subject
        from .sections import register as register_sections

        register_sections()
        from django.core import checks

        checks.register(open_data_contact_check, checks.Tags.compatibility, deploy=True)
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
                # the view's own rule: city-wide staff only (staff limited to a zone get 403)
                visible=lambda u: is_comune_staff(u) and staff_zone_ids(u) is None,
            )
        )


def open_data_contact_check(app_configs: object = None, **kwargs: object) -> list:
    """DCAT-AP_IT wants a contact point with an email: warn a deployment without one."""
    from django.conf import settings
    from django.core import checks

    if getattr(settings, "OPEN_DATA_CONTACT_EMAIL", ""):
        return []
    return [
        checks.Warning(
            "OPEN_DATA_CONTACT_EMAIL is empty: the DCAT-AP_IT catalogue of the Bilancio Sociale "
            "has no contact email.",
            hint="Set OPEN_DATA_CONTACT_EMAIL to the open data office's mailbox.",
            id="bilancio_sociale.W001",
        )
    ]
