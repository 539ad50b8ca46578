"""What the agencies add to the public pages of the portal shell (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from .selectors import agencies_public


def agencies_context() -> dict[str, Any]:
    return {"agencies": agencies_public()}
