"""Writes on councils: meetings, agenda, attendance, minutes, decisions. Keyword-only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from citta_del_noi.charts.formatting import lower_month_names
from citta_del_noi.jobs.services import job_start

from .models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Consiglio,
    CouncilMember,
    Decision,
    DecisionConflict,
    DecisionMode,
    DecisionStatus,
    DecisionUpdate,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesErratum,
    MinutesStatus,
    active_on_q,
)
from .selectors import (
    decisions_overdue,
    meeting_held_problem,
    members_in_office,
    minutes_pending_approval,
    next_meeting_of,
    seat_overlapping,
)
from .subjects import subject_is_valid


def _fmt(day: date) -> str:
    return date_format(day, "d/m/Y")


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


# --- Minutes ----------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, confidential_text: str = "", by: Any) -> Minutes:
    """Create or update the draft minutes. Approved minutes are frozen (use an erratum)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ValidationError(
            _("Il verbale è già approvato e non si modifica più: registra un'errata corrige.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Il testo del verbale è obbligatorio.")})
    if minutes is None:
        return Minutes.objects.create(
            meeting=meeting, text=text, confidential_text=confidential_text
        )
    minutes.text, minutes.confidential_text = text, confidential_text
    minutes.save(update_fields=["text", "confidential_text", "updated_at"])
    return minutes


@transaction.atomic
def minutes_comment(*, minutes: Minutes, text: str, by: Any) -> MinutesComment:
    if minutes.is_approved:
        raise ValidationError(_("Il verbale è approvato: non si accettano più commenti."))
    if not text.strip():
        raise ValidationError({"text": _("Scrivi il commento.")})
    return MinutesComment.objects.create(minutes=minutes, author=by, text=text)


def meeting_held_check(meeting: Meeting) -> None:
    """A meeting counts for a formal act (approving minutes, an edition of the Bilancio) only
    when it has been held: not cancelled, not in the future, attendance recorded, quorum
    reached. The refusal says which condition fails."""
    problem = meeting_held_problem(meeting)
    if problem:
        raise ValidationError(problem)


def minutes_approval_check(minutes: Minutes, at_meeting: Meeting) -> None:
    """Minutes are approved once, at a later meeting of the same council that has been held
    with quorum."""
    if minutes.is_approved:
        raise ValidationError(
            _("Il verbale è già stato approvato il %(day)s: non si approva due volte.")
            % {"day": _fmt(timezone.localtime(minutes.approved_at).date())}
        )
    if at_meeting.consiglio_id != minutes.meeting.consiglio_id:
        raise ValidationError(_("Il verbale si approva in una riunione dello stesso consiglio."))
    if at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError(
            _("Il verbale si approva in una riunione successiva a quella verbalizzata.")
        )
    problem = meeting_held_problem(at_meeting)
    if problem:
        raise ValidationError(
            _("Il verbale non si può approvare in questa riunione: %(problem)s")
            % {"problem": problem}
        )


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: Any) -> Minutes:
    """Approve minutes at a later meeting of the same council; then they are frozen."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    minutes_approval_check(minutes, at_meeting)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.approved_by = by
    minutes.save()
    return minutes


@transaction.atomic
def minutes_erratum(
    *, minutes: Minutes, new_text: str, reason: str, by: Any, confidential: bool = False
) -> MinutesErratum:
    """Change approved minutes: the old text, the new one and the reason are kept."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Il verbale è ancora in bozza: modificalo direttamente."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Indica il motivo dell'errata corrige.")
    if not new_text.strip() and not confidential:
        errors["new_text"] = _("Il testo del verbale è obbligatorio.")
    field = "confidential_text" if confidential else "text"
    if not errors and getattr(minutes, field) == new_text:
        errors["new_text"] = _("Il nuovo testo è uguale a quello approvato.")
    if errors:
        raise ValidationError(errors)
    erratum = MinutesErratum.objects.create(
        minutes=minutes,
        previous_text=getattr(minutes, field),
        new_text=new_text,
        reason=reason,
        created_by=by,
        confidential=confidential,
    )
    setattr(minutes, field, new_text)
    minutes.save(update_fields=[field, "updated_at"])
    return erratum


def minutes_pdf_start(*, minutes: Minutes, by: Any) -> Any:

    return job_start(
        kind="consigli.minutes_pdf",
        params={"minutes_id": minutes.pk},
        user=by,
        target=minutes,
        dedupe=True,
    )


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
