"""What the Bilancio's views share: who manages editions, how a refusal reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import role_required


def _manager(user: roles.AnyUser) -> bool:
    """City-wide Comune staff (and administrators) manage the report."""
    return roles.is_comune_staff(user) and roles.staff_zone_ids(user) is None


staff_only = role_required(_manager)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
