"""Writes on council seats: no overlapping terms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Consiglio,
    CouncilMember,
)
from ..selectors import (
    seat_overlapping,
)
from ._common import _fmt

# --- Seats ------------------------------------------------------------------------------------


def _person(user: Any) -> str:
    return user.get_full_name() or user.email


def seat_overlap_check(
    *,
    consiglio: Consiglio,
    user: Any,
    term_start: date,
    term_end: date | None,
    exclude_pk: int | None = None,
) -> None:
    """One person holds at most one seat in a council at a time: a term that overlaps another
    term of the same person in the same council is refused, naming that term."""
    other = seat_overlapping(
        consiglio=consiglio,
        user=user,
        term_start=term_start,
        term_end=term_end,
        exclude_pk=exclude_pk,
    )
    if other is None:
        return
    raise ValidationError(
        {
            "term_start": _(
                "%(name)s ha già un seggio nel %(council)s dal %(start)s %(end)s: i due mandati "
                "si sovrappongono. Chiudi prima quel mandato o scegli date che non si "
                "sovrappongano."
            )
            % {
                "name": _person(other.user),
                "council": consiglio.name,
                "start": _fmt(other.term_start),
                "end": _("al %(day)s") % {"day": _fmt(other.term_end)}
                if other.term_end
                else _("senza scadenza"),
            }
        }
    )


@transaction.atomic
def seat_save(*, seat: CouncilMember, by: Any) -> CouncilMember:
    """Create or change a seat (term, role, category) after the one-seat-per-person rule."""
    if seat.term_end is not None and seat.term_end < seat.term_start:
        raise ValidationError(
            {"term_end": _("La fine del mandato non può precedere il suo inizio.")}
        )
    # Serialise concurrent saves of the same person's seats in this council.
    list(
        CouncilMember.objects.select_for_update()
        .filter(consiglio_id=seat.consiglio_id, user_id=seat.user_id)
        .values_list("pk", flat=True)
    )
    seat_overlap_check(
        consiglio=seat.consiglio,
        user=seat.user,
        term_start=seat.term_start,
        term_end=seat.term_end,
        exclude_pk=seat.pk,
    )
    seat.save()
    return seat
