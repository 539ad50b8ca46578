"""Meetings, agenda, attendance, quorum, minutes, decisions: rules and bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from citta_del_noi.accounts import roles
from consigli import selectors, services
from consigli.models import (
    AgendaItemKind,
    AttendanceStatus,
    Consiglio,
    DecisionMode,
    DecisionStatus,
    MinutesStatus,
)
from consigli.selectors import quorum_required
from tests.consigli.factories import add_item, aware, council_people, future_meeting, seat
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(reference):
    c = Consiglio.objects.get(slug="progetto")
    people = council_people(c, "t", members=3)  # 5 members in office
    return c, people


def _present(meeting, seats, status=AttendanceStatus.PRESENT):
    return services.attendance_record(
        meeting=meeting,
        by=None,
        entries=[services.AttendanceEntry(member=s, status=status) for s in seats],
    )


def _seats(people):
    return [people["president_seat"], people["secretary_seat"], *people["member_seats"]]


def test_quorum_rule() -> None:
    assert quorum_required(10, 0.5, True) == 6  # half plus one
    assert quorum_required(9, 0.5, True) == 5
    assert quorum_required(9, 0.5, False) == 5  # at least half
    assert quorum_required(10, 0.5, False) == 5
    assert quorum_required(12, 0.66, False) == 8


def test_quorum_counts_members_in_office_on_the_meeting_day(council) -> None:
    c, people = council
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    # A member whose term ended before the meeting does not count in the base.
    seat(c, make_user("uscito@example.org"), end=date(2018, 12, 31))
    seats = _seats(people)
    _present(meeting, seats[:2])
    q = selectors.quorum_of(meeting)
    assert (q.in_office, q.required, q.present) == (5, 3, 2)
    assert not q.reached
    services.attendance_record(
        meeting=meeting,
        by=None,
        entries=[
            services.AttendanceEntry(
                member=seats[2], status=AttendanceStatus.DELEGATED, delegate=seats[0]
            ),
        ],
    )
    q = selectors.quorum_of(meeting)
    assert (q.present, q.delegated, q.reached) == (2, 1, True)


def test_a_member_whose_term_ended_cannot_attend_or_vote(council) -> None:
    c, people = council
    gone = seat(
        c,
        make_user("scaduto@example.org", first_name="Ugo", last_name="Scaduto"),
        start=date(2016, 1, 1),
        end=date(2018, 12, 31),
    )
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    with pytest.raises(ValidationError) as exc:
        _present(meeting, [people["president_seat"], gone])
    assert "terminato il 31/12/2018" in str(exc.value)
    assert "non può partecipare né votare" in str(exc.value)
    assert not meeting.attendance.exists()  # nothing half-saved
    # Nor can they declare a conflict of interest on a decision.
    item = add_item(meeting, "Punto")
    with pytest.raises(ValidationError):
        services.decision_record(
            agenda_item=item,
            by=None,
            data=services.DecisionInput(text="D", conflicts=[(gone, "parente")]),
        )


def test_a_delegate_must_be_present(council) -> None:
    c, people = council
    seats = _seats(people)
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            meeting=meeting,
            by=None,
            entries=[
                services.AttendanceEntry(member=seats[0], status=AttendanceStatus.ABSENT),
                services.AttendanceEntry(
                    member=seats[1], status=AttendanceStatus.DELEGATED, delegate=seats[0]
                ),
            ],
        )
    assert "delegato deve essere un componente in carica presente" in str(exc.value)


def test_a_meeting_without_agenda_cannot_be_convened(council) -> None:
    c, people = council
    meeting = future_meeting(c, people["president"])
    with pytest.raises(ValidationError) as exc:
        services.meeting_convene(meeting=meeting, by=people["president"])
    assert "non ha un ordine del giorno" in str(exc.value)


def test_invitations_carry_an_ics_with_the_meeting(
    council, django_capture_on_commit_callbacks
) -> None:
    c, people = council
    meeting = future_meeting(c, people["president"], title="Riunione di marzo")
    meeting.location = "Palazzo Loggia"
    meeting.save()
    add_item(meeting, "Piano di zona")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.meeting_convene(meeting=meeting, by=people["president"])
    assert sent == 5 and len(mail.outbox) == 5
    message = mail.outbox[0]
    assert "Convocazione" in message.subject and "Piano di zona" in message.body
    # the date reads as Italian: the month in lower case ("2 dicembre 2026, 18:00")
    from django.utils import timezone

    month = [
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
        "settembre", "ottobre", "novembre", "dicembre",
    ][timezone.localtime(meeting.starts_at).month - 1]  # fmt: skip
    assert f" {month} " in message.subject and f" {month} " in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "riunione.ics" and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(content)
    (event,) = list(cal.walk("VEVENT"))
    assert str(event["summary"]) == f"{c.name}: Riunione di marzo"
    assert str(event["location"]) == "Palazzo Loggia"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert "1. Piano di zona" in str(event["description"])


def test_vote_counts_cannot_exceed_members_present(council) -> None:
    c, people = council
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    item = add_item(meeting, "Punto")
    _present(meeting, _seats(people)[:3])
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            agenda_item=item,
            by=None,
            data=services.DecisionInput(
                text="D", mode=DecisionMode.VOTE, votes_for=3, votes_against=1, votes_abstained=0
            ),
        )
    assert "I voti espressi (4) superano i componenti presenti" in str(exc.value)
    decision = services.decision_record(
        agenda_item=item,
        by=None,
        data=services.DecisionInput(
            text="D", mode=DecisionMode.VOTE, votes_for=2, votes_against=1, votes_abstained=0
        ),
    )
    assert decision.votes_for == 2


def test_a_decision_cannot_be_due_before_its_meeting(council) -> None:
    c, people = council
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    item = add_item(meeting, "Punto")
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            agenda_item=item,
            by=None,
            data=services.DecisionInput(text="D", due_date=date(2019, 2, 28)),
        )
    assert "La scadenza non può precedere la riunione" in str(exc.value)
    assert not item.decisions.exists()


def test_minutes_approved_at_the_next_meeting_then_frozen(council) -> None:
    c, people = council
    first = services.meeting_schedule(
        consiglio=c, title="Prima", starts_at=aware(2019, 3, 1), by=None
    )
    minutes = services.minutes_save(meeting=first, text="Verbale", by=None)
    services.minutes_comment(minutes=minutes, text="Manca un presente", by=people["president"])
    # Scheduling the next meeting puts the approval on its agenda.
    second = services.meeting_schedule(
        consiglio=c, title="Seconda", starts_at=aware(2019, 4, 1), by=None
    )
    item = second.agenda_items.get(kind=AgendaItemKind.MINUTES_APPROVAL)
    assert item.minutes_to_approve == minutes
    with pytest.raises(ValidationError):  # not at the same (or an earlier) meeting
        services.minutes_approve(minutes=minutes, at_meeting=first, by=None)
    _present(second, _seats(people))  # the second meeting is held with quorum
    services.minutes_approve(minutes=minutes, at_meeting=second, by=people["secretary"])
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_at_meeting == second
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(minutes=minutes, at_meeting=second, by=None)
    assert "già stato approvato" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(meeting=first, text="Cambiato", by=None)
    assert "errata corrige" in str(exc.value)
    with pytest.raises(ValidationError):
        services.minutes_comment(minutes=minutes, text="Tardi", by=None)
    with pytest.raises(ValidationError) as exc:
        services.minutes_erratum(
            minutes=minutes, new_text="Verbale corretto", reason="", by=people["secretary"]
        )
    assert "motivo" in str(exc.value)
    erratum = services.minutes_erratum(
        minutes=minutes,
        new_text="Verbale corretto",
        reason="Refuso nel nome",
        by=people["secretary"],
    )
    minutes.refresh_from_db()
    assert minutes.text == "Verbale corretto"
    assert (erratum.previous_text, erratum.reason) == ("Verbale", "Refuso nel nome")


def test_overdue_open_decisions_go_on_the_next_draft_agenda(council) -> None:
    c, people = council
    past = services.meeting_schedule(
        consiglio=c, title="Gennaio", starts_at=aware(2019, 1, 10), by=None
    )
    item = add_item(past, "Punto")
    overdue = services.decision_record(
        agenda_item=item,
        by=None,
        data=services.DecisionInput(text="Mappare i servizi", due_date=date(2019, 2, 1)),
    )
    done = services.decision_record(
        agenda_item=item,
        by=None,
        data=services.DecisionInput(text="Già fatta", due_date=date(2019, 2, 1)),
    )
    services.decision_update_status(
        decision=done, status=DecisionStatus.DONE, note="Fatto", by=None
    )
    not_yet = services.decision_record(
        agenda_item=item,
        by=None,
        data=services.DecisionInput(text="Non ancora scaduta", due_date=date(2019, 6, 1)),
    )
    nxt = services.meeting_schedule(
        consiglio=c, title="Marzo", starts_at=aware(2019, 3, 1), by=None
    )
    linked = list(
        nxt.agenda_items.filter(kind=AgendaItemKind.FOLLOW_UP).values_list(
            "previous_decision", flat=True
        )
    )
    assert linked == [overdue.pk]
    assert not_yet.pk not in linked
    # Idempotent: building again adds nothing.
    assert services.agenda_build_draft(meeting=nxt) == []


def test_decision_follow_up_timeline_and_drop_reason(council) -> None:
    c, people = council
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    decision = services.decision_record(
        agenda_item=add_item(meeting, "P"), by=None, data=services.DecisionInput(text="D")
    )
    services.decision_update_status(
        decision=decision, status=DecisionStatus.IN_PROGRESS, note="Avviata", by=None
    )
    with pytest.raises(ValidationError) as exc:
        services.decision_update_status(
            decision=decision, status=DecisionStatus.DROPPED, note="", by=None
        )
    assert "motivo" in str(exc.value)
    services.decision_update_status(
        decision=decision, status=DecisionStatus.DROPPED, note="Superata dal nuovo piano", by=None
    )
    assert [u.status for u in decision.updates.all()] == ["open", "in_progress", "dropped"]
    decision.refresh_from_db()
    assert decision.drop_reason == "Superata dal nuovo piano"


def test_an_expired_term_removes_access(council, client: Client) -> None:
    c, people = council
    user = make_user("ex@example.org")
    member = seat(c, user, start=date(2016, 1, 1), end=timezone.localdate() - timedelta(days=1))
    client.force_login(user)
    assert not roles.is_council_member(user)
    assert client.get(reverse("consigli:council_home", args=[c.slug])).status_code == 403
    member.term_end = None
    member.save()
    user = type(user).objects.get(pk=user.pk)
    assert roles.is_council_member(user)
    assert client.get(reverse("consigli:council_home", args=[c.slug])).status_code == 200


def test_bad_input_messages_reach_the_page(council, client: Client) -> None:
    c, people = council
    client.force_login(people["president"])
    meeting = future_meeting(c, people["president"])
    response = client.post(reverse("consigli:meeting_convene", args=[meeting.pk]), follow=True)
    assert "non ha un ordine del giorno" in response.content.decode()
    client.force_login(people["secretary"])
    past = services.meeting_schedule(consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None)
    item = add_item(past, "Punto")
    response = client.post(
        reverse("consigli:decision_create", args=[past.pk]),
        data={
            "agenda_item": item.pk,
            "text": "Decidere",
            "mode": "consensus",
            "due_date": "2019-02-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "La scadenza non può precedere la riunione" in body
    assert 'id="id_due_date_errors"' in body and 'aria-describedby="id_due_date_errors"' in body


def test_the_president_schedules_and_members_only_read(council, client: Client) -> None:
    c, people = council
    client.force_login(people["member_seats"][0].user)
    url = reverse("consigli:meeting_create", args=[c.slug])
    assert client.get(url).status_code == 403
    client.force_login(people["president"])
    response = client.post(url, data={"title": "Nuova", "starts_at": "2030-05-01T17:00"})
    assert response.status_code == 302
    assert c.meetings.filter(title="Nuova").exists()


def test_minutes_pdf_job_renders_without_external_resources(
    council, django_capture_on_commit_callbacks
) -> None:
    from citta_del_noi.jobs.models import Job
    from citta_del_noi.pdf_fetcher import data_only_fetcher

    c, people = council
    meeting = services.meeting_schedule(
        consiglio=c, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    add_item(meeting, "Punto")
    minutes = services.minutes_save(meeting=meeting, text="Il consiglio discute.", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.minutes_pdf_start(minutes=minutes, by=people["president"])
    job = Job.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    assert job.result_file.read().startswith(b"%PDF")
    refuse_fetch = data_only_fetcher()
    with pytest.raises(ValueError):
        refuse_fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        refuse_fetch("https://example.org/x.png")
