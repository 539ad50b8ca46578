from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CantieriConfig(AppConfig):
    name = "cantieri"
    verbose_name = _("Azioni e cantieri")

    def ready(self) -> None:
        from citta_del_noi.accounts import roles
        from citta_del_noi.api.registry import register_viewset
        from citta_del_noi.core.home import HomePanel, register_page_context, register_panel
        from citta_del_noi.core.navigation import NavEntry, register
        from citta_del_noi.reporting.bilancio import (
            add_blocks,
            register_current_actions,
            register_preparation,
            register_section,
        )

        from . import (  # noqa: F401
            bilancio,
            bilancio_context,
            coverage_cache,
            export_jobs,
            filter_options,
            form_options,
            portal,
            rules,
            tasks,
        )
        from .api import ActivityViewSet, AzioneViewSet
        from .api_territory import register_territory_api
        from .panels import partner_panel_context, staff_panel_context

        coverage_cache.connect()
        filter_options.connect()
        form_options.connect()

        register_viewset("attivita", ActivityViewSet, basename="activity")
        register_viewset("azioni", AzioneViewSet, basename="azione")
        register_territory_api(register_viewset)

        register(
            NavEntry("cantieri:activity_list", _("Attività"), order=20, visible=rules.can_read_rows)
        )
        register(
            NavEntry("cantieri:review_queue", _("Da rivedere"), order=21, visible=rules.can_review)
        )
        register(
            NavEntry(
                "cantieri:coverage", _("Copertura"), order=22, visible=rules.can_read_aggregates
            )
        )
        register(
            NavEntry(
                "cantieri:indicator_list",
                _("Indicatori"),
                order=23,
                visible=rules.can_read_aggregates,
            )
        )
        register(
            NavEntry("cantieri:import_upload", _("Importa"), order=24, visible=rules.can_record)
        )
        register(NavEntry("cantieri:period_list", _("Periodi"), order=25, visible=rules.can_review))
        register_panel(
            HomePanel(
                key="cantieri-partner",
                template="cantieri/_panel_partner.html",
                visible=roles.is_partner,
                context=partner_panel_context,
                order=20,
            )
        )
        register_panel(
            HomePanel(
                key="cantieri-staff",
                template="cantieri/_panel_staff.html",
                visible=rules.can_review,
                context=staff_panel_context,
                order=20,
            )
        )
        register_panel(
            HomePanel(
                key="staff-reference",
                template="core/panels/staff_reference.html",
                visible=roles.is_comune_staff,
                context=portal.staff_reference_context,
                order=80,
            )
        )
        register_page_context("home", "azioni", portal.azioni_context)
        register_page_context("home", "territorio", portal.home_territory_context)
        register_page_context("programma", "azioni", portal.azioni_context)
        register_page_context("territorio", "territorio", portal.territory_page_context)
        register_section(
            key="obiettivi-attivita",
            title=_("Obiettivi e attività per cantiere"),
            order=50,
            description=_(
                "Attività, partecipanti, volontari e indicatori calcolati dalle sole attività "
                "approvate nel periodo."
            ),
            blocks=bilancio.BLOCKS,
        )
        add_blocks("identita", bilancio_context.IDENTITY_BLOCKS)
        add_blocks("citta", bilancio_context.CITY_BLOCKS)
        add_blocks("altre-informazioni", bilancio_context.OTHER_BLOCKS)
        register_current_actions(bilancio_context.current_actions)
        # The activity blocks read the summary tables: bring them up to date first.
        register_preparation("cantieri-summary", bilancio.prepare_snapshot)
        from .search import register_search

        register_search()
