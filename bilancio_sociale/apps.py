from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilancioSocialeConfig(AppConfig):
    name = "bilancio_sociale"
    verbose_name = _("Bilancio Sociale")

    def ready(self) -> None:
        from citta_del_noi.api.registry import register_viewset
        from citta_del_noi.core.home import HomePanel, register_panel
        from citta_del_noi.core.navigation import NavEntry, register

        from . import home_panel, jobs, selectors, tasks  # noqa: F401  (PDF build handler, tasks)
        from .api import register_api
        from .approval import register_integrity_check, register_subject
        from .sections import register as register_sections

        register_sections()
        register_api(register_viewset)
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
                visible=selectors.can_manage,
            )
        )
        register_panel(
            HomePanel(
                key="bilancio-sociale-staff",
                template="bilancio_sociale/panels/staff.html",
                visible=selectors.can_manage,
                context=home_panel.staff_panel_context,
                order=70,
            )
        )
        from .search import register_search

        register_search()


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
