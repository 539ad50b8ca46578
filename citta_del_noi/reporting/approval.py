"""How the Bilancio reaches the council decision that approves an edition: through a resolver
that the councils' app registers in its AppConfig.ready() (consigli/approval.py), so that
bilancio_sociale imports nothing of consigli. The decision itself is the Edition's foreign key;
what it means (held meeting, subject, publication of the minutes) is the councils' to say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class ApprovalResolver:
    # The subject value a decision carries when it adopts object `object_id` of `kind`.
    subject_value: Callable[[str, int], str]
    # The readable label of a subject value.
    subject_label: Callable[[str], str]
    # Offer a kind of subject to the secretaries: (key, label, choices(), label_of(id)).
    register_subject_kind: Callable[
        [str, str | Promise, Callable[[], list[tuple[str, str]]], Callable[[str], str | None]],
        None,
    ]
    # Why the meeting does not count as held, or None.
    meeting_held_problem: Callable[[Any], str | None]
    # The name of the council with this slug, or None.
    council_name: Callable[[str], str | None]
    # Whether citizens may read the decision's text and minutes.
    decision_published: Callable[[Any], bool]
    # The decisions the viewer may cite (also the agencies' links to decisions).
    decisions_visible_to: Callable[[Any], QuerySet]
    # Demo data: a decision of council `council_slug` adopting `subject` at a meeting held after
    # `after` (recorded through the councils' services), or None.
    demo_decision: Callable[..., Any]


_RESOLVER: dict[str, ApprovalResolver] = {}


def register_approval_resolver(resolver: ApprovalResolver) -> None:
    _RESOLVER["default"] = resolver


def approval_resolver() -> ApprovalResolver:
    try:
        return _RESOLVER["default"]
    except KeyError:
        raise ImproperlyConfigured(
            "No approval resolver registered: the councils' app (consigli) registers it."
        ) from None
