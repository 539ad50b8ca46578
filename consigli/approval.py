"""What the councils provide to the Bilancio's approval (registered in apps.py): the resolver
through which bilancio_sociale reaches a decision's subject, meeting and publication without
importing consigli (citta_del_noi/reporting/approval.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from citta_del_noi.reporting.approval import ApprovalResolver

from . import services, subjects
from .models import AgendaItem, AttendanceStatus, Consiglio, Decision, Meeting, MinutesStatus
from .selectors import council_name, decisions_visible_to, meeting_held_problem, members_in_office


def register_kind(
    key: str,
    label: str | Promise,
    choices: Callable[[], list[tuple[str, str]]],
    label_of: Callable[[str], str | None],
) -> None:
    subjects.register_subject_kind(
        subjects.SubjectKind(key=key, label=label, choices=choices, label_of=label_of)
    )


def decision_published(decision: Decision) -> bool:
    """Citizens read a decision's text and minutes when the minutes are approved and the item
    is not confidential."""
    minutes = getattr(decision.agenda_item.meeting, "minutes", None)
    return (
        not decision.agenda_item.confidential
        and minutes is not None
        and minutes.status == MinutesStatus.APPROVED
    )


def demo_decision(
    *, staff: Any, council_slug: str, subject: str, title: str, period_end: date
) -> Decision | None:
    """The competent council's decision adopting `subject`: taken at the first meeting held
    with quorum after the end of the period, naming the subject."""
    existing = Decision.objects.filter(subject=subject).first()
    if existing is not None:
        return existing
    consiglio = Consiglio.objects.filter(slug=council_slug).first()
    if consiglio is None:
        return None
    meetings = Meeting.objects.filter(
        consiglio=consiglio,
        status="held",
        starts_at__date__gt=period_end + timedelta(days=90),
        starts_at__lte=timezone.now(),
    ).order_by("starts_at")
    meeting = next((m for m in meetings if meeting_held_problem(m) is None), None)
    if meeting is None:
        meeting = _approval_meeting(staff, consiglio, title, period_end)
        if meeting_held_problem(meeting) is not None:
            return None
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=meeting.agenda_items.count() + 1,
        title=f"Approvazione del {title}",
    )
    return services.decision_record(
        agenda_item=item,
        by=staff,
        data=services.DecisionInput(
            text=f"Il Consiglio di indirizzo approva il {title}.", subject=subject
        ),
    )


def _approval_meeting(staff: Any, consiglio: Consiglio, title: str, period_end: date) -> Meeting:
    """Without the councils' demo meetings: a meeting in May after the period, attended by the
    members in office (recorded through the councils' service, so it counts as held)."""
    when = timezone.make_aware(datetime.combine(date(period_end.year + 1, 5, 15), time(17)))
    meeting = Meeting.objects.create(
        consiglio=consiglio,
        title=f"Approvazione del {title}",
        starts_at=when,
        created_by=staff,
    )
    services.attendance_record(
        meeting=meeting,
        by=staff,
        entries=[
            services.AttendanceEntry(member=m, status=AttendanceStatus.PRESENT)
            for m in members_in_office(consiglio, meeting.date)
        ],
    )
    return meeting


RESOLVER = ApprovalResolver(
    subject_value=subjects.subject_value,
    subject_label=subjects.subject_label,
    register_subject_kind=register_kind,
    meeting_held_problem=meeting_held_problem,
    council_name=council_name,
    decision_published=decision_published,
    decisions_visible_to=decisions_visible_to,
    demo_decision=demo_decision,
)
