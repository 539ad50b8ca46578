"""Integrity checks of the councils' records (run by `manage.py check_integrity`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.core.integrity import Finding, IntegrityCheck

from .models import CouncilMember, Decision, DecisionMode, Meeting, MeetingStatus, Minutes
from .selectors import meeting_held_problem
from .services import DecisionInput, vote_totals_check


def _fmt(day: date | None) -> str:
    return date_format(day, "d/m/Y") if day else _("senza scadenza")


def overlapping_seats() -> list[Finding]:
    seats = list(
        CouncilMember.objects.select_related("user", "consiglio").order_by(
            "consiglio_id", "user_id", "term_start", "pk"
        )
    )
    by_person: dict[tuple[int, int], list[CouncilMember]] = {}
    for seat in seats:
        by_person.setdefault((seat.consiglio_id, seat.user_id), []).append(seat)
    out: list[Finding] = []
    for group in by_person.values():
        for i, seat in enumerate(group):
            others = [
                o
                for o in group[i + 1 :]
                if (o.term_end is None or o.term_end >= seat.term_start)
                and (seat.term_end is None or o.term_start <= seat.term_end)
            ]
            out.extend(_overlap_finding(seat, other) for other in others)
    return out


def _overlap_finding(seat: CouncilMember, other: CouncilMember) -> Finding:
    return Finding(
        record=_("Seggi %(a)d e %(b)d di %(name)s nel %(council)s")
        % {
            "a": seat.pk,
            "b": other.pk,
            "name": seat.user.get_full_name() or seat.user.email,
            "council": seat.consiglio.name,
        },
        problem=_(
            "mandati sovrapposti (%(s1)s–%(e1)s e %(s2)s–%(e2)s): una persona ha "
            "un solo seggio alla volta in un consiglio."
        )
        % {
            "s1": _fmt(seat.term_start),
            "e1": _fmt(seat.term_end),
            "s2": _fmt(other.term_start),
            "e2": _fmt(other.term_end),
        },
        repair=_(
            "chiudere il mandato precedente il giorno prima dell'inizio del "
            "successivo, o eliminare il seggio doppio (amministrazione, Componenti)."
        ),
    )


def meetings_held_in_advance() -> list[Finding]:
    meetings = Meeting.objects.filter(
        status=MeetingStatus.HELD, starts_at__gt=timezone.now()
    ).select_related("consiglio")
    return [
        Finding(
            record=_("Riunione %(pk)d «%(title)s» del %(day)s")
            % {"pk": m.pk, "title": m.title, "day": _fmt(m.date)},
            problem=_("risulta svolta ma è in programma nel futuro (presenze registrate prima)."),
            repair=_("riportarla «In programma» e registrare le presenze dopo la riunione."),
        )
        for m in meetings
    ]


def minutes_badly_approved() -> list[Finding]:
    out = []
    approved = Minutes.objects.filter(status="approved").select_related(
        "meeting__consiglio", "approved_at_meeting"
    )
    for minutes in approved.order_by("meeting__starts_at"):
        at = minutes.approved_at_meeting
        if at is None:
            problem = _("approvato senza indicare la riunione che lo ha approvato.")
        elif at.consiglio_id != minutes.meeting.consiglio_id:
            problem = _("approvato in una riunione di un altro consiglio.")
        elif at.starts_at <= minutes.meeting.starts_at:
            problem = _("approvato in una riunione non successiva a quella verbalizzata.")
        else:
            problem = meeting_held_problem(at) or ""
            if problem:
                problem = _("approvato in una riunione non valida: %(p)s") % {"p": problem}
        if problem:
            out.append(
                Finding(
                    record=_("Verbale %(pk)d della riunione del %(day)s (%(council)s)")
                    % {
                        "pk": minutes.pk,
                        "day": _fmt(minutes.meeting.date),
                        "council": minutes.meeting.consiglio.name,
                    },
                    problem=problem,
                    repair=_(
                        "registrare le presenze della riunione di approvazione o riapprovare il "
                        "verbale in una riunione successiva svolta con il numero legale."
                    ),
                )
            )
    return out


def votes_above_present() -> list[Finding]:
    out = []
    decisions = Decision.objects.filter(mode=DecisionMode.VOTE).select_related(
        "agenda_item__meeting"
    )
    for d in decisions:
        problem = vote_totals_check(
            d.agenda_item.meeting,
            DecisionInput(
                text=d.text,
                votes_for=d.votes_for,
                votes_against=d.votes_against,
                votes_abstained=d.votes_abstained,
            ),
        )
        if problem:
            out.append(
                Finding(
                    record=_("Decisione %(pk)d della riunione del %(day)s")
                    % {"pk": d.pk, "day": _fmt(d.agenda_item.meeting.date)},
                    problem=problem,
                    repair=_("correggere i voti o le presenze secondo il verbale."),
                )
            )
    return out


CHECKS = [
    IntegrityCheck(
        key="consigli.1_seats", title=gettext_lazy("Seggi sovrapposti"), run=overlapping_seats
    ),
    IntegrityCheck(
        key="consigli.2_meetings",
        title=gettext_lazy("Riunioni «svolte» nel futuro"),
        run=meetings_held_in_advance,
    ),
    IntegrityCheck(
        key="consigli.3_minutes",
        title=gettext_lazy("Verbali approvati senza una riunione valida"),
        run=minutes_badly_approved,
    ),
    IntegrityCheck(
        key="consigli.4_votes",
        title=gettext_lazy("Voti superiori ai presenti"),
        run=votes_above_present,
    ),
]
