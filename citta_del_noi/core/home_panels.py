"""Role home panels of the shared layer: tools for administrators and the background jobs
still running. The domain apps register their own panels (the staff's reference data is
registered by cantieri, see cantieri/portal.py)."""

from __future__ import annotations

from citta_del_noi.accounts import roles
from citta_del_noi.jobs.models import ACTIVE_STATUSES
from citta_del_noi.jobs.selectors import jobs_visible_to

from .home import HomePanel, register_panel, register_user_panel

JOBS_MAX = 5

register_panel(
    HomePanel(
        key="admin-tools",
        template="core/panels/admin_tools.html",
        visible=roles.is_admin,
        order=90,
    )
)


def running_jobs_context(user: roles.AnyUser) -> dict | None:
    """The viewer's jobs (all of them for staff) still queued or running; hidden when none.
    One query: one row more than shown tells whether there are others."""
    found = list(
        jobs_visible_to(user)
        .filter(status__in=ACTIVE_STATUSES)
        .order_by("-created_at", "-pk")[: JOBS_MAX + 1]
    )
    if not found:
        return None
    return {"jobs": found[:JOBS_MAX], "more": len(found) > JOBS_MAX}


register_user_panel(
    key="jobs-running",
    template="core/panels/jobs_running.html",
    context=running_jobs_context,
    order=85,
)


def api_tokens_context(user: roles.AnyUser) -> dict | None:
    """Users with a role in the programme may create personal API tokens (issue 15.4): the
    panel links the page where they are made and revoked. The roles are the ones the menu has
    already looked up for this request (memoised on the user)."""
    return {} if user.is_authenticated and roles.roles_of(user) else None


register_user_panel(
    key="api-tokens",
    template="core/panels/api_tokens.html",
    context=api_tokens_context,
    order=95,
)
