"""The number helper shared by the agencies' blocks."""

from __future__ import annotations

from typing import Any


def _money(value: Any) -> float:
    return float(value or 0)
