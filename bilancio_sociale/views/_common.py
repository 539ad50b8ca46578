"""What the Bilancio's views share: who manages editions, how a refusal reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from citta_del_noi.accounts.permissions import role_required

from .. import selectors

# City-wide Comune staff (and administrators) manage the report: the one rule, in selectors.
staff_only = role_required(selectors.can_manage)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
