"""The agencies' contributions to other apps' registries: council dashboard blocks and
Bilancio Sociale sections. Registered in AgenciesConfig.ready()."""

from __future__ import annotations

from .dashboard import (
    dashboard_budget,
    dashboard_needs,
    dashboard_training,
    register_dashboard_blocks,
)
from .needs import bs_needs, bs_needs_unanswered, bs_stakeholders
from .people import STAFF, bs_people, bs_staff_by_contract, bs_staff_by_role
from .resources import bs_leverage, bs_resources, bs_spending_agency, bs_spending_azione
from .sections import register_report_sections
from .welfare import (
    WELFARE_SOURCE,
    bs_welfare_comune,
    bs_welfare_providers,
    bs_welfare_spending,
    bs_welfare_units,
    bs_welfare_users,
)

__all__ = [
    "STAFF",
    "WELFARE_SOURCE",
    "bs_leverage",
    "bs_needs",
    "bs_needs_unanswered",
    "bs_people",
    "bs_resources",
    "bs_spending_agency",
    "bs_spending_azione",
    "bs_staff_by_contract",
    "bs_staff_by_role",
    "bs_stakeholders",
    "bs_welfare_comune",
    "bs_welfare_providers",
    "bs_welfare_spending",
    "bs_welfare_units",
    "bs_welfare_users",
    "dashboard_budget",
    "dashboard_needs",
    "dashboard_training",
    "register_dashboard_blocks",
    "register_report_sections",
]
