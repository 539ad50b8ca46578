"""Writes on a meeting's attendance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Attendance,
    AttendanceStatus,
    CouncilMember,
    Meeting,
    MeetingStatus,
    active_on_q,
)
from ._common import _fmt

# --- Attendance -------------------------------------------------------------------------------


def attendance_open_check(meeting: Meeting) -> None:
    """Attendance is recorded for a meeting that has started, never in advance (recording it
    marks the meeting as held)."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("La riunione è annullata."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _(
                "La riunione è in programma il %(day)s: le presenze si registrano quando la "
                "riunione è iniziata, non in anticipo."
            )
            % {"day": _fmt(meeting.date)}
        )


@dataclass
class AttendanceEntry:
    member: CouncilMember
    status: str
    delegate: CouncilMember | None = None


def _term_ended_message(member: CouncilMember) -> str:
    if member.term_end:
        return _(
            "Il mandato di %(name)s è terminato il %(day)s: non può partecipare né votare."
        ) % {"name": member.user.get_full_name() or member.user.email, "day": _fmt(member.term_end)}
    return _(
        "%(name)s non era in carica alla data della riunione: non può partecipare né votare."
    ) % {"name": member.user.get_full_name() or member.user.email}


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: Iterable[AttendanceEntry], by: Any
) -> list[Attendance]:
    """Record who was present, absent or delegated. Only members in office on the meeting's
    date take part; a delegate must be in office and present."""
    attendance_open_check(meeting)
    day = meeting.date
    in_office = set(
        CouncilMember.objects.filter(consiglio_id=meeting.consiglio_id)
        .filter(active_on_q(day))
        .values_list("pk", flat=True)
    )
    entries = list(entries)
    touched = {e.member.pk for e in entries}
    present = {e.member.pk for e in entries if e.status == AttendanceStatus.PRESENT} | set(
        Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT)
        .exclude(member_id__in=touched)
        .values_list("member_id", flat=True)
    )
    errors: dict[str, list[str]] = {}
    for entry in entries:
        key = f"member_{entry.member.pk}"
        if entry.member.consiglio_id != meeting.consiglio_id:
            errors.setdefault(key, []).append(_("Non è componente di questo consiglio."))
            continue
        if entry.status == AttendanceStatus.ABSENT:
            continue
        if entry.member.pk not in in_office:
            errors.setdefault(key, []).append(_term_ended_message(entry.member))
        if entry.status == AttendanceStatus.DELEGATED:
            if entry.delegate is None:
                errors.setdefault(key, []).append(_("Indica a chi è stata data la delega."))
            elif entry.delegate.pk == entry.member.pk:
                errors.setdefault(key, []).append(_("Non si può delegare sé stessi."))
            elif entry.delegate.pk not in present:
                errors.setdefault(key, []).append(
                    _("Il delegato deve essere un componente in carica presente alla riunione.")
                )
    if errors:
        raise ValidationError(errors)
    saved = []
    for entry in entries:
        att, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=entry.member,
            defaults={
                "status": entry.status,
                "delegate": entry.delegate if entry.status == AttendanceStatus.DELEGATED else None,
            },
        )
        saved.append(att)
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return saved
