from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agenzie")

    def ready(self) -> None:
        from citta_del_noi.accounts import role_cache, roles
        from citta_del_noi.api.registry import register_viewset
        from citta_del_noi.core.home import HomePanel, register_page_context, register_panel
        from citta_del_noi.core.navigation import NavEntry, register
        from citta_del_noi.reporting.bilancio import add_blocks

        from . import (  # noqa: F401
            bilancio_identity,
            finder_cache,
            import_jobs,
            panels,
            portal,
            rules,
            selectors,
            tasks,
        )
        from .api import register_api
        from .blocks import register_dashboard_blocks, register_report_sections
        from .models import Agency, EvaluatorAssignment

        roles.register_role_ids("agency", selectors.agency_ids_for_referent)
        finder_cache.connect()  # the finder's cached pages follow every write of their data
        register_api(register_viewset)
        role_cache.watch_m2m(Agency.referents.through)  # accounts/role_cache.py
        # the "assignments" menu entry (has_assignments) is kept with the cached navigation
        role_cache.watch(EvaluatorAssignment)
        register(NavEntry("agencies:index", _("Agenzie"), order=30, public=True))
        register(
            NavEntry("finder:index", _("Trova un servizio"), order=25, public=True, group="agenzie")
        )
        register(NavEntry("agencies:event_list", _("Notizie ed eventi"), order=40, public=True))
        register(
            NavEntry(
                "agencies:workspace",
                _("Strumenti delle agenzie"),
                order=40,
                visible=rules.can_use_workspace,
            )
        )
        register(
            NavEntry("agencies:call_public_list", _("Bandi"), order=45, visible=roles.is_partner)
        )
        register_panel(
            HomePanel(
                key="agencies",
                template="agencies/panels/agency.html",
                visible=rules.can_use_workspace,
                context=panels.agency_panel,
                order=40,
            )
        )
        register_panel(
            HomePanel(
                key="agencies-calls",
                template="agencies/panels/calls.html",
                visible=roles.is_partner,
                context=panels.calls_panel,
                order=45,
            )
        )
        register_panel(
            HomePanel(
                key="agencies-evaluations",
                template="agencies/panels/evaluations.html",
                visible=panels.has_assignments,
                context=panels.evaluations_panel,
                order=46,
            )
        )
        register_page_context("home", "agencies", portal.agencies_context)
        register_page_context("programma", "agencies", portal.agencies_context)
        register_dashboard_blocks()
        register_report_sections()
        add_blocks("identita", bilancio_identity.IDENTITY_BLOCKS)
        from .search import register_search

        register_search()
