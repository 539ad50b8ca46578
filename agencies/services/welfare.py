"""The welfare map: target-group labels and provider keys."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from ..models import (
    WelfareTargetGroup,
)

# --- welfare map -----------------------------------------------------------------------------


def welfare_label_key(value: Any) -> str:
    """The comparison key of a label typed in an import: case, accents, spaces and dashes (and
    any other punctuation) do not count. "Multi-utenza", "multiutenza" and "MULTI UTENZA" match."""
    text = unicodedata.normalize("NFKD", str(value or "")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def welfare_group_index(groups: Iterable[WelfareTargetGroup]) -> dict[str, WelfareTargetGroup]:
    """Comparison key (see `welfare_label_key`) → group, for the code, the label and every alias
    of each group. Built once per import."""
    index: dict[str, WelfareTargetGroup] = {}
    for group in groups:
        for name in (group.code, group.label, *group.alias_list()):
            index.setdefault(welfare_label_key(name), group)
    return index


def welfare_group_resolve(
    value: str, groups: Iterable[WelfareTargetGroup] | dict[str, WelfareTargetGroup]
) -> WelfareTargetGroup | None:
    """The welfare-map target group an import cell names: its code, its label or one of its
    aliases, matched leniently (case, accents, spaces and dashes do not count). None when
    nothing matches. `groups`: the groups, or their `welfare_group_index`."""
    key = welfare_label_key(value)
    if not key:
        return None
    index = groups if isinstance(groups, dict) else welfare_group_index(groups)
    return index.get(key)


def welfare_groups_accepted(groups: Iterable[WelfareTargetGroup]) -> str:
    """The accepted values of the "destinatari" column, for the import's error message."""
    return ", ".join(f"{g.label} ({g.code})" for g in groups)


def unit_year_provider_key(*, provider: Any, provider_name: str) -> str:
    """The identity of a unit-year's provider, so providers are counted once however many units
    they run: a registered organisation by id, any other by its name (leniently)."""
    if provider is not None:
        return f"org:{provider.pk}"
    return f"nome:{welfare_label_key(provider_name)}"[:220]
