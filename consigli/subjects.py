"""Formal subjects of council decisions, registered by the apps whose acts a council adopts.

A decision may name the act it adopts ("subject"), e.g. the Bilancio Sociale edition it
approves. The councils do not know those apps: each registers a kind in its AppConfig.ready():

    from consigli.subjects import SubjectKind, register_subject_kind
    register_subject_kind(SubjectKind(
        key="bilancio_sociale.edition",
        label=_("Approvazione del Bilancio Sociale"),
        choices=lambda: [(str(e.pk), e.title) for e in editions_to_approve()],
        label_of=lambda pk: ...,
    ))

A decision stores "<kind>:<id>" (`subject_value`); `subject_label` reads it back for pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class SubjectKind:
    key: str
    label: str | Promise
    # the objects a decision may name now: [(id, label)]
    choices: Callable[[], list[tuple[str, str]]]
    # the label of one object (any state), None if it does not exist
    label_of: Callable[[str], str | None]


_KINDS: dict[str, SubjectKind] = {}


def register_subject_kind(kind: SubjectKind) -> None:
    _KINDS[kind.key] = kind


def subject_kinds() -> list[SubjectKind]:
    return list(_KINDS.values())


def subject_value(kind: str, object_id: int | str) -> str:
    return f"{kind}:{object_id}"


def subject_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a drop-down: [(kind label, [(value, label)])]."""
    groups = []
    for kind in _KINDS.values():
        options = [(subject_value(kind.key, pk), label) for pk, label in kind.choices()]
        if options:
            groups.append((str(kind.label), options))
    return groups


def subject_is_valid(value: str) -> bool:
    """A value the drop-down offers now (an empty subject is always valid)."""
    if not value:
        return True
    return any(value == v for _group, options in subject_choices() for v, _label in options)


def subject_label(value: str) -> str:
    if not value or ":" not in value:
        return ""
    key, _sep, object_id = value.partition(":")
    kind = _KINDS.get(key)
    if kind is None:
        return value
    label = kind.label_of(object_id)
    return f"{kind.label}: {label}" if label else value
