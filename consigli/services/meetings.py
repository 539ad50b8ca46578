"""Writes on council meetings: schedule, update, convocation, cancel, documents."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from citta_del_noi.charts.formatting import lower_month_names

from ..models import (
    AgendaItem,
    Consiglio,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from ..selectors import (
    members_in_office,
)
from .agenda import agenda_build_draft

# --- Meetings and agenda ----------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    consiglio: Consiglio,
    title: str,
    starts_at: datetime,
    by: Any,
    ends_at: datetime | None = None,
    location: str = "",
) -> Meeting:
    """Schedule a meeting and build its draft agenda (minutes to approve, overdue decisions)."""
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("La fine non può precedere l'inizio della riunione.")})
    meeting = Meeting.objects.create(
        consiglio=consiglio,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        created_by=by,
    )
    agenda_build_draft(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    location: str,
    by: Any,
) -> Meeting:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(_("Una riunione già svolta o annullata non si modifica."))
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("La fine non può precedere l'inizio della riunione.")})
    meeting.title, meeting.starts_at, meeting.ends_at, meeting.location = (
        title,
        starts_at,
        ends_at,
        location,
    )
    meeting.save(update_fields=["title", "starts_at", "ends_at", "location"])
    return meeting


def meeting_ics(meeting: Meeting) -> bytes:
    """An iCalendar file (one VEVENT) for the meeting."""

    cal = Calendar()
    cal.add("prodid", "-//Brescia Citta del Noi//Consigli//IT")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"riunione-{meeting.pk}@cittadelnoi")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + timedelta(hours=2))
    event.add("summary", f"{meeting.consiglio.name}: {meeting.title}")
    if meeting.location:
        event.add("location", meeting.location)
    lines = [
        f"{item.position}. {item.title}"
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
    ]
    event.add("description", _("Ordine del giorno:") + "\n" + "\n".join(lines))
    event.add(
        "url", settings.PORTAL_BASE_URL + reverse("consigli:meeting_detail", args=[meeting.pk])
    )
    cal.add_component(event)
    return cal.to_ical()


@transaction.atomic
def meeting_convene(*, meeting: Meeting, by: Any) -> int:
    """Send the invitation (with the .ics) to every member in office on the meeting's date."""
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(_("Non si può convocare una riunione già svolta o annullata."))
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _(
                "La riunione non ha un ordine del giorno: aggiungi almeno un punto prima di "
                "convocarla."
            )
        )
    members = list(members_in_office(meeting.consiglio, meeting.date))
    ics = meeting_ics(meeting)
    url = settings.PORTAL_BASE_URL + reverse("consigli:meeting_detail", args=[meeting.pk])
    lines = "\n".join(
        f"{item.position}. {item.title}"
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
    )
    when = lower_month_names(date_format(timezone.localtime(meeting.starts_at), "j F Y, H:i"))
    subject = _("Convocazione: %(council)s, %(when)s") % {
        "council": meeting.consiglio.name,
        "when": when,
    }
    body = _(
        "Sei convocato/a alla riunione «%(title)s» del %(council)s.\n\nQuando: %(when)s\n"
        "Dove: %(where)s\n\nOrdine del giorno:\n%(agenda)s\n\nDocumenti e dettagli: %(url)s\n"
    ) % {
        "title": meeting.title,
        "council": meeting.consiglio.name,
        "when": when,
        "where": meeting.location or "-",
        "agenda": lines,
        "url": url,
    }
    messages = []
    emailed: set[str] = set()
    for member in members:  # one seat per person already; one email per address too
        email = (member.user.email or "").strip().lower()
        if not email or email in emailed:
            continue
        emailed.add(email)
        message = EmailMessage(subject=subject, body=body, to=[member.user.email])
        message.attach("riunione.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
        messages.append(message)
    meeting.invitations_sent_at = timezone.now()
    meeting.status = MeetingStatus.CONVENED
    meeting.save(update_fields=["invitations_sent_at", "status"])

    def send() -> None:

        with get_connection() as connection:
            connection.send_messages(messages)

    transaction.on_commit(send)
    return len(messages)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any) -> Meeting:
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("Una riunione già svolta non si può annullare."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def document_add(
    *,
    meeting: Meeting,
    title: str,
    file: Any,
    by: Any,
    agenda_item: AgendaItem | None = None,
    confidential: bool = False,
) -> MeetingDocument:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Il punto non appartiene a questa riunione.")})
    return MeetingDocument.objects.create(
        meeting=meeting,
        title=title,
        file=file,
        uploaded_by=by,
        agenda_item=agenda_item,
        confidential=confidential or bool(agenda_item and agenda_item.confidential),
    )
