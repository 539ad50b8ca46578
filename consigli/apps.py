from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsigliConfig(AppConfig):
    name = "consigli"
    verbose_name = _("Consigli")

    def ready(self) -> None:
        from citta_del_noi.accounts import role_cache, roles
        from citta_del_noi.core.home import HomePanel, register_panel
        from citta_del_noi.core.integrity import register_check
        from citta_del_noi.core.navigation import NavEntry, register
        from citta_del_noi.reporting.approval import register_approval_resolver
        from citta_del_noi.reporting.bilancio import register_section

        from . import approval, bilancio, home_panel, integrity, models, selectors, tasks  # noqa: F401 - minutes PDF job
        from .dashboard_cache import connect as connect_dashboard_cache

        roles.register_role_ids("council", selectors.active_council_ids_for_user)
        connect_dashboard_cache()  # what the cached dashboard shows besides the activity
        role_cache.watch(models.CouncilMember)  # seats: the council role (accounts/role_cache.py)
        role_cache.watch(models.Consiglio)
        register_approval_resolver(approval.RESOLVER)
        for check in integrity.CHECKS:
            register_check(check)

        register(NavEntry("consigli:public_list", _("Consigli"), order=30, public=True))
        register(
            NavEntry(
                "consigli:decision_list",
                _("Decisioni"),
                order=31,
                visible=selectors.can_use_councils,
            )
        )
        register(
            NavEntry(
                "cruscotto:index", _("Cruscotto"), order=32, visible=selectors.can_use_councils
            )
        )
        register_panel(
            HomePanel(
                key="consigli",
                template="consigli/_home_panel.html",
                visible=selectors.can_use_councils,
                context=home_panel.home_panel_context,
                order=30,
            )
        )
        register_section(
            key="governance",
            title=_("Governance e partecipazione"),
            order=30,
            description=_(
                "Le riunioni dei due consigli, la partecipazione dei componenti e le decisioni "
                "prese con il loro stato di attuazione."
            ),
            blocks=bilancio.BLOCKS,
        )
        from .search import register_search

        register_search()
