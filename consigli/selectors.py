"""Reads on councils: seats, roles, meetings, minutes, decisions — always for a viewer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from citta_del_noi.accounts import roles

from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Consiglio,
    CouncilMember,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    MemberRole,
    Minutes,
    MinutesStatus,
    WorkingGroup,
    active_on_q,
)


def active_seats(on: date | None = None) -> QuerySet[CouncilMember]:
    """Seats whose term covers `on` (today by default)."""
    day = on or timezone.localdate()
    return CouncilMember.objects.filter(active_on_q(day))


def active_council_ids_for_user(user: Any) -> set[int]:
    return set(active_seats().filter(user=user).values_list("consiglio_id", flat=True))


# --- Roles inside a council ------------------------------------------------------------------


def council_roles(user: roles.AnyUser) -> dict[int, str]:
    """{council id: role} of the user's seats in office today (one query, cached on the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_cdn_council_roles", None)
    if cached is None:
        cached = dict(active_seats().filter(user=user).values_list("consiglio_id", "role"))
        user._cdn_council_roles = cached  # type: ignore[attr-defined]
    return cached


def can_view_council(user: roles.AnyUser, consiglio_id: int) -> bool:
    return roles.is_comune_staff(user) or consiglio_id in council_roles(user)


def is_president(user: roles.AnyUser, consiglio_id: int) -> bool:
    """The council's president (staff can do all a president does)."""
    return roles.is_comune_staff(user) or council_roles(user).get(consiglio_id) == (
        MemberRole.PRESIDENTE
    )


def is_secretary(user: roles.AnyUser, consiglio_id: int) -> bool:
    return roles.is_comune_staff(user) or council_roles(user).get(consiglio_id) == (
        MemberRole.SEGRETARIO
    )


def can_use_councils(user: roles.AnyUser) -> bool:
    """Council members in office and Comune staff reach the councils' reserved pages."""
    return roles.is_comune_staff(user) or bool(council_roles(user))


def is_any_president(user: roles.AnyUser) -> bool:
    return roles.is_comune_staff(user) or MemberRole.PRESIDENTE in council_roles(user).values()


# --- Councils and members --------------------------------------------------------------------


def councils_public() -> QuerySet[Consiglio]:
    return Consiglio.objects.order_by("pk")


def councils_visible_to(user: roles.AnyUser) -> QuerySet[Consiglio]:
    qs = Consiglio.objects.order_by("pk")
    if roles.is_comune_staff(user):
        return qs
    return qs.filter(pk__in=list(council_roles(user)))


def council_name(slug: str) -> str | None:
    return Consiglio.objects.filter(slug=slug).values_list("name", flat=True).first()


def council_for(user: roles.AnyUser, slug: str) -> Consiglio:
    council = Consiglio.objects.filter(slug=slug).first()
    if council is None or not can_view_council(user, council.pk):
        raise Http404
    return council


def council_public(slug: str) -> Consiglio:
    council = Consiglio.objects.filter(slug=slug).first()
    if council is None:
        raise Http404
    return council


def _one_seat_per_person(seats: QuerySet[CouncilMember]) -> QuerySet[CouncilMember, Any]:
    """The pks of one seat per person (the most recent term) among `seats`: people are counted,
    convened and listed once even where old data gave them overlapping seats. A correlated
    subquery rather than DISTINCT ON, so that it runs on SQLite (make run) too."""
    latest = seats.filter(user_id=OuterRef("user_id")).order_by("-term_start", "-pk")
    return seats.filter(pk=Subquery(latest.values("pk")[:1])).values("pk")


def members_in_office(consiglio: Consiglio, on: date | None = None) -> QuerySet[CouncilMember]:
    """One seat per person in office on `on` (today by default)."""
    day = on or timezone.localdate()
    seats = CouncilMember.objects.filter(consiglio=consiglio).filter(active_on_q(day))
    return (
        CouncilMember.objects.filter(pk__in=_one_seat_per_person(seats))
        .select_related("user", "organization")
        .order_by("role", "user__last_name", "user__first_name")
    )


def seat_overlapping(
    *,
    consiglio: Consiglio,
    user: Any,
    term_start: date,
    term_end: date | None,
    exclude_pk: int | None = None,
) -> CouncilMember | None:
    """Another seat of the same person in the same council whose term overlaps the given one."""
    qs = CouncilMember.objects.filter(consiglio=consiglio, user=user).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=term_start)
    )
    if term_end is not None:
        qs = qs.filter(term_start__lte=term_end)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("user").order_by("term_start", "pk").first()


def working_groups_of(consiglio: Consiglio) -> QuerySet[WorkingGroup]:
    return (
        WorkingGroup.objects.filter(consiglio=consiglio, active=True)
        .prefetch_related(
            Prefetch("members", queryset=CouncilMember.objects.select_related("user"))
        )
        .order_by("name")
    )


# --- Meetings ---------------------------------------------------------------------------------


def meetings_of(consiglio: Consiglio) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(consiglio=consiglio)
        .annotate(items=Count("agenda_items", distinct=True))
        .select_related("minutes")
        .order_by("-starts_at")
    )


def meetings_visible_to(user: roles.AnyUser) -> QuerySet[Meeting]:
    """Staff: all. Members: their councils' meetings; everyone: the others' public ones (not
    cancelled), as the councils' public pages list them."""
    qs = Meeting.objects.select_related("consiglio")
    if roles.is_comune_staff(user):
        return qs
    mine = list(council_roles(user))
    return qs.filter(Q(consiglio_id__in=mine) | ~Q(status=MeetingStatus.CANCELLED))


def meeting_for(user: roles.AnyUser, pk: int) -> Meeting:
    """The meeting if the viewer sits on its council (or is staff); else 404."""
    meeting = Meeting.objects.select_related("consiglio").filter(pk=pk).first()
    if meeting is None or not can_view_council(user, meeting.consiglio_id):
        raise Http404
    return meeting


def agenda_of(meeting: Meeting, *, public: bool = False) -> QuerySet[AgendaItem]:
    qs = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "azione",
            "agency",
            "quartiere",
            "indicator",
            "previous_decision",
            "minutes_to_approve__meeting",
        )
        .order_by("position", "pk")
    )
    if public:
        qs = qs.filter(confidential=False)
    return qs


def agenda_item_for(user: roles.AnyUser, meeting: Meeting, pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise Http404
    return item


def documents_of(meeting: Meeting) -> QuerySet[MeetingDocument]:
    return MeetingDocument.objects.filter(meeting=meeting).select_related("agenda_item")


def document_for(user: roles.AnyUser, pk: int) -> MeetingDocument:
    doc = MeetingDocument.objects.select_related("meeting", "agenda_item").filter(pk=pk).first()
    if doc is None:
        raise Http404
    if can_view_council(user, doc.meeting.consiglio_id):
        return doc
    # Anyone may read a non-confidential document of a meeting whose minutes are approved.
    if _document_is_public(doc):
        return doc
    raise Http404


def _document_is_public(doc: MeetingDocument) -> bool:
    if doc.confidential or (doc.agenda_item_id and doc.agenda_item.confidential):  # type: ignore[union-attr]
        return False
    return Minutes.objects.filter(meeting_id=doc.meeting_id, status=MinutesStatus.APPROVED).exists()


def attendance_of(meeting: Meeting) -> dict[int, Attendance]:
    return {
        a.member_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related("delegate__user")
    }


@dataclass(frozen=True)
class Quorum:
    in_office: int
    required: int
    present: int
    delegated: int

    @property
    def counted(self) -> int:
        return self.present + self.delegated

    @property
    def reached(self) -> bool:
        return self.in_office > 0 and self.counted >= self.required


def quorum_required(in_office: int, fraction: float, plus_one: bool) -> int:
    """Members needed: with `plus_one`, more than the fraction (half + 1); else at least it."""
    if in_office <= 0:
        return 0
    if plus_one:
        return math.floor(in_office * fraction) + 1
    return math.ceil(in_office * fraction)


def quorum_of(meeting: Meeting) -> Quorum:
    """Quorum over the members in office on the meeting's date; delegations count as present."""
    day = meeting.date
    in_office = CouncilMember.objects.filter(consiglio_id=meeting.consiglio_id).filter(
        active_on_q(day)
    )
    # People, not seats: someone with two seats (old data) is counted once.
    present = Q(status=AttendanceStatus.PRESENT)
    counts = Attendance.objects.filter(meeting=meeting, member__in=in_office).aggregate(
        present=Count("member__user_id", filter=present, distinct=True),
        delegated=Count(
            "member__user_id",
            filter=Q(status=AttendanceStatus.DELEGATED)
            & ~Q(
                member__user_id__in=Attendance.objects.filter(meeting=meeting)
                .filter(present)
                .values("member__user_id")
            ),
            distinct=True,
        ),
    )
    n = in_office.values("user_id").distinct().count()
    council = meeting.consiglio
    return Quorum(
        in_office=n,
        required=quorum_required(n, float(council.quorum_fraction), council.quorum_plus_one),
        present=counts["present"] or 0,
        delegated=counts["delegated"] or 0,
    )


def meeting_held_problem(meeting: Meeting) -> str | None:
    """Why the meeting does not count as held (None when it does): cancelled, in the future,
    attendance not recorded, or quorum not reached."""
    day = date_format(meeting.date, "d/m/Y")
    if meeting.status == MeetingStatus.CANCELLED:
        return _("la riunione del %(day)s è stata annullata.") % {"day": day}
    if meeting.starts_at > timezone.now():
        return _("la riunione del %(day)s non si è ancora svolta (è in programma).") % {"day": day}
    if (
        meeting.status != MeetingStatus.HELD
        or not Attendance.objects.filter(meeting=meeting).exists()
    ):
        return _("della riunione del %(day)s non sono registrate le presenze.") % {"day": day}
    quorum = quorum_of(meeting)
    if not quorum.reached:
        return _(
            "la riunione del %(day)s non ha raggiunto il numero legale (%(counted)d presenti o "
            "con delega, ne servivano %(required)d)."
        ) % {"day": day, "counted": quorum.counted, "required": quorum.required}
    return None


def next_meeting_of(consiglio: Consiglio, after: Any = None) -> Meeting | None:
    """The first meeting still to be held (scheduled or convened) after `after` (now)."""
    moment = after or timezone.now()
    return (
        Meeting.objects.filter(
            consiglio=consiglio,
            starts_at__gt=moment,
            status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CONVENED],
        )
        .order_by("starts_at")
        .first()
    )


def minutes_for(user: roles.AnyUser, pk: int) -> Minutes:
    minutes = Minutes.objects.select_related("meeting__consiglio").filter(pk=pk).first()
    if minutes is None or not can_view_council(user, minutes.meeting.consiglio_id):
        raise Http404
    return minutes


def minutes_pending_approval(meeting: Meeting) -> QuerySet[Minutes]:
    """Draft minutes of earlier meetings of the same council (candidates for approval)."""
    return Minutes.objects.filter(
        meeting__consiglio_id=meeting.consiglio_id,
        meeting__starts_at__lt=meeting.starts_at,
        status=MinutesStatus.DRAFT,
    ).select_related("meeting")


# --- Decisions --------------------------------------------------------------------------------

_DECISION_RELATED = (
    "agenda_item__meeting__consiglio",
    "owner_user",
    "owner_organization",
)


def decisions_visible_to(user: roles.AnyUser) -> QuerySet[Decision]:
    """Staff: all. Members: all of their councils, plus the public decisions of the others."""
    qs = Decision.objects.select_related(*_DECISION_RELATED)
    if roles.is_comune_staff(user):
        return qs
    mine = list(council_roles(user))
    return qs.filter(Q(agenda_item__meeting__consiglio_id__in=mine) | _public_decision_q())


def _public_decision_q() -> Q:
    return Q(
        agenda_item__confidential=False,
        agenda_item__meeting__minutes__status=MinutesStatus.APPROVED,
    )


def decisions_public(consiglio: Consiglio) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(agenda_item__meeting__consiglio=consiglio)
        .filter(_public_decision_q())
        .select_related(*_DECISION_RELATED)
        .order_by("-agenda_item__meeting__starts_at", "pk")
    )


def decision_for(user: roles.AnyUser, pk: int) -> Decision:
    decision = decisions_visible_to(user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def decisions_overdue(consiglio: Consiglio, on: date) -> QuerySet[Decision]:
    """Open or in-progress decisions of the council whose due date is before `on`."""
    return Decision.objects.filter(
        agenda_item__meeting__consiglio=consiglio,
        status__in=[DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS],
        due_date__lt=on,
    ).order_by("due_date", "pk")


def decision_status_counts(user: roles.AnyUser, *, overdue_on: date | None = None) -> dict:
    """Decisions by follow-up status (one query), for the dashboard."""
    day = overdue_on or timezone.localdate()
    agg = decisions_visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=DecisionStatus.OPEN)),
        in_progress=Count("pk", filter=Q(status=DecisionStatus.IN_PROGRESS)),
        done=Count("pk", filter=Q(status=DecisionStatus.DONE)),
        dropped=Count("pk", filter=Q(status=DecisionStatus.DROPPED)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=[DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS], due_date__lt=day
            ),
        ),
    )
    return {k: v or 0 for k, v in agg.items()}


def decisions_owned_open(user: roles.AnyUser) -> QuerySet[Decision]:
    """The decisions the user is responsible for that are still open, first due first."""
    return (
        decisions_visible_to(user)
        .filter(
            owner_user_id=user.pk,
            status__in=[DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS],
        )
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


# --- Public page ------------------------------------------------------------------------------


def public_meetings(consiglio: Consiglio) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(consiglio=consiglio)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("minutes")
        .order_by("-starts_at")
    )


def public_minutes(consiglio: Consiglio) -> QuerySet[Minutes]:
    return (
        Minutes.objects.filter(meeting__consiglio=consiglio, status=MinutesStatus.APPROVED)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )


def public_minutes_for(pk: int) -> Minutes:
    minutes = (
        Minutes.objects.filter(pk=pk, status=MinutesStatus.APPROVED)
        .select_related("meeting__consiglio")
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes
