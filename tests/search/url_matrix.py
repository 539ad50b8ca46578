"""Permission rows of the portal search: everyone may search, each finds only what the lists
would show them (the cantieri world's records, searched by their organisations' names)."""

from __future__ import annotations

from tests.cantieri.url_matrix import _leaks
from tests.url_matrix import Row
from tests.world import ROLE_NAMES


def build(world) -> None:
    return None


MATRIX = {
    "search:search": Row(
        expect=dict.fromkeys(ROLE_NAMES, 200),
        query="?q=Alfa+OR+Beta&tipo=attivita",
        must_not_contain=_leaks,
    ),
}
