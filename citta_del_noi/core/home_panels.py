"""Role home panels of the shared layer: tools for administrators. The domain apps register
their own panels (the staff's reference data is registered by cantieri, see cantieri/portal.py)."""

from __future__ import annotations

from citta_del_noi.accounts import roles

from .home import HomePanel, register_panel

register_panel(
    HomePanel(
        key="admin-tools",
        template="core/panels/admin_tools.html",
        visible=roles.is_admin,
        order=90,
    )
)
