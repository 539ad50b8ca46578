"""Writes on a meeting's agenda: the draft, items, order, confidentiality, alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import (
    AgendaItem,
    AgendaItemKind,
    Consiglio,
    Meeting,
    MeetingStatus,
)
from ..selectors import (
    decisions_overdue,
    minutes_pending_approval,
    next_meeting_of,
)
from ._common import _fmt


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


def agenda_build_draft(*, meeting: Meeting) -> list[AgendaItem]:
    """Add to the agenda what must be there: approval of pending minutes and every open decision
    of the council past its due date on the meeting's day. Idempotent."""
    added: list[AgendaItem] = []
    position = _next_position(meeting)
    already_minutes = set(
        AgendaItem.objects.filter(meeting=meeting, minutes_to_approve__isnull=False).values_list(
            "minutes_to_approve_id", flat=True
        )
    )
    for minutes in minutes_pending_approval(meeting).order_by("meeting__starts_at"):
        if minutes.pk in already_minutes:
            continue
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                kind=AgendaItemKind.MINUTES_APPROVAL,
                title=_("Approvazione del verbale della riunione del %(day)s")
                % {"day": _fmt(minutes.meeting.date)},
                minutes_to_approve=minutes,
            )
        )
        position += 1
    already_decisions = set(
        AgendaItem.objects.filter(meeting=meeting, previous_decision__isnull=False).values_list(
            "previous_decision_id", flat=True
        )
    )
    overdue = decisions_overdue(meeting.consiglio, meeting.date).select_related("agenda_item")
    for decision in overdue:
        if decision.pk in already_decisions:
            continue
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                kind=AgendaItemKind.FOLLOW_UP,
                title=_("Verifica della decisione scaduta il %(day)s: %(text)s")
                % {"day": _fmt(decision.due_date), "text": decision.text[:150]},  # type: ignore[arg-type]
                previous_decision=decision,
                confidential=decision.agenda_item.confidential,
            )
        )
        position += 1
    return added


@dataclass
class AgendaFields:
    title: str
    description: str = ""
    confidential: bool = False
    azione: Any = None
    agency: Any = None
    quartiere: Any = None
    indicator: Any = None
    previous_decision: Any = None


def _check_item_links(meeting: Meeting, fields: AgendaFields) -> None:
    previous = fields.previous_decision
    if previous is not None and previous.agenda_item.meeting.consiglio_id != meeting.consiglio_id:
        raise ValidationError(
            {"previous_decision": _("La decisione collegata è di un altro consiglio.")}
        )


def _editable_agenda(meeting: Meeting) -> None:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(
            _("L'ordine del giorno di una riunione svolta o annullata non si modifica.")
        )


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, fields: AgendaFields, by: Any) -> AgendaItem:
    _editable_agenda(meeting)
    _check_item_links(meeting, fields)
    return AgendaItem.objects.create(
        meeting=meeting, position=_next_position(meeting), **fields.__dict__
    )


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, fields: AgendaFields, by: Any) -> AgendaItem:
    _editable_agenda(item.meeting)
    _check_item_links(item.meeting, fields)
    for key, value in fields.__dict__.items():
        setattr(item, key, value)
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: Any) -> None:
    _editable_agenda(item.meeting)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    _editable_agenda(item.meeting)
    if item.decisions.exists():
        raise ValidationError(_("Il punto ha decisioni registrate: non si può eliminare."))
    item.delete()


@transaction.atomic
def agenda_item_set_confidential(*, item: AgendaItem, confidential: bool, by: Any) -> AgendaItem:
    item.confidential = confidential
    item.save(update_fields=["confidential"])
    return item


# --- Alerts to the agenda ---------------------------------------------------------------------


@transaction.atomic
def flag_to_agenda(
    *,
    consiglio: Consiglio,
    key: str,
    title: str,
    by: Any,
    azione: Any = None,
    indicator: Any = None,
    quartiere: Any = None,
    description: str = "",
) -> AgendaItem:
    """Put a dashboard flag on the next meeting's agenda (once)."""

    meeting = next_meeting_of(consiglio)
    if meeting is None:
        raise ValidationError(
            _("Il %(council)s non ha riunioni in programma: programma prima una riunione.")
            % {"council": consiglio.name}
        )
    existing = AgendaItem.objects.filter(meeting=meeting, flag_key=key).first()
    if existing is not None:
        raise ValidationError(
            _("La segnalazione è già all'ordine del giorno della riunione del %(day)s.")
            % {"day": _fmt(meeting.date)}
        )
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        kind=AgendaItemKind.ALERT,
        title=title[:250],
        description=description,
        azione=azione,
        indicator=indicator,
        quartiere=quartiere,
        flag_key=key,
    )
