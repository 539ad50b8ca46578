"""The dashboard's filters and block registry live in the shared layer, where other apps can
register blocks without importing consigli: citta_del_noi/reporting/dashboard.py."""

from citta_del_noi.reporting.dashboard import (
    DashboardBlock,
    DashboardFilters,
    Provider,
    blocks,
    register_block,
    unregister_block,
)

__all__ = [
    "DashboardBlock",
    "DashboardFilters",
    "Provider",
    "blocks",
    "register_block",
    "unregister_block",
]
