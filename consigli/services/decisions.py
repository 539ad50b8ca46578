"""Writes on decisions: vote totals, recording, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    Decision,
    DecisionConflict,
    DecisionMode,
    DecisionStatus,
    DecisionUpdate,
    Meeting,
    MeetingStatus,
    active_on_q,
)
from ..subjects import subject_is_valid
from ._common import _fmt
from .attendance import _term_ended_message

# --- Decisions --------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    text: str
    mode: str = DecisionMode.CONSENSUS
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    owner_user: Any = None
    owner_organization: Any = None
    due_date: date | None = None
    conflicts: list[tuple[CouncilMember, str]] | None = None
    subject: str = ""


def vote_totals_check(meeting: Meeting, data: DecisionInput) -> str | None:
    """Votes cast cannot exceed the people present or represented by delegation (each person
    once, however many seats they hold)."""
    counts = [data.votes_for, data.votes_against, data.votes_abstained]
    total = sum(c or 0 for c in counts)
    voters = (
        Attendance.objects.filter(
            meeting=meeting,
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.DELEGATED],
            member__in=CouncilMember.objects.filter(active_on_q(meeting.date)),
        )
        .values("member__user_id")
        .distinct()
        .count()
    )
    if total > voters:
        return _(
            "I voti espressi (%(total)d) superano i componenti presenti o "
            "rappresentati per delega (%(voters)d)."
        ) % {"total": total, "voters": voters}
    return None


@transaction.atomic
def decision_record(*, agenda_item: AgendaItem, data: DecisionInput, by: Any) -> Decision:
    meeting = agenda_item.meeting
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not data.text.strip():
        add("text", _("Il testo della decisione è obbligatorio."))
    if meeting.status == MeetingStatus.CANCELLED:
        add("__all__", _("La riunione è annullata."))
    if data.mode == DecisionMode.VOTE:
        counts = [data.votes_for, data.votes_against, data.votes_abstained]
        if any(c is None for c in counts):
            add("votes_for", _("Con la votazione indica favorevoli, contrari e astenuti."))
        else:
            problem = vote_totals_check(meeting, data)
            if problem:
                add("votes_for", problem)
    else:
        data.votes_for = data.votes_against = data.votes_abstained = None
    if data.due_date is not None and data.due_date < meeting.date:
        add(
            "due_date",
            _("La scadenza non può precedere la riunione in cui si decide (%(day)s).")
            % {"day": _fmt(meeting.date)},
        )
    for member, _note in data.conflicts or []:
        if member.consiglio_id != meeting.consiglio_id:
            add("conflicts", _("Il conflitto va dichiarato da un componente di questo consiglio."))
        elif (
            not CouncilMember.objects.filter(pk=member.pk)
            .filter(active_on_q(meeting.date))
            .exists()
        ):
            add("conflicts", _term_ended_message(member))
    if data.subject and not subject_is_valid(data.subject):
        add(
            "subject", _("L'oggetto indicato non è tra gli atti che il consiglio può adottare ora.")
        )
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        agenda_item=agenda_item,
        text=data.text,
        mode=data.mode,
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        votes_abstained=data.votes_abstained,
        owner_user=data.owner_user,
        owner_organization=data.owner_organization,
        due_date=data.due_date,
        subject=data.subject,
        created_by=by,
    )
    for member, note in data.conflicts or []:
        DecisionConflict.objects.create(decision=decision, member=member, note=note)
    DecisionUpdate.objects.create(
        decision=decision,
        status=DecisionStatus.OPEN,
        note=_("Decisione registrata."),
        created_by=by,
    )
    return decision


@transaction.atomic
def decision_update_status(*, decision: Decision, status: str, note: str, by: Any) -> Decision:
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Stato non valido.")})
    if status == DecisionStatus.DROPPED and not note.strip():
        raise ValidationError({"note": _("Indica il motivo per cui la decisione è abbandonata.")})
    if status == decision.status and not note.strip():
        raise ValidationError({"note": _("Lo stato non cambia: scrivi almeno una nota.")})
    decision.status = status
    if status == DecisionStatus.DROPPED:
        decision.drop_reason = note
    decision.save(update_fields=["status", "drop_reason"])
    DecisionUpdate.objects.create(decision=decision, status=status, note=note, created_by=by)
    return decision
