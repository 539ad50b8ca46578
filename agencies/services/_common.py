"""Who may manage an agency's records."""

from __future__ import annotations

from typing import Any

from ..rules import can_manage


def _can_manage(user: Any, agency_slug: str) -> bool:

    return can_manage(user, agency_slug)
