"""Issue 11: formal acts that cannot be faked, two permission holes, small things.

Each test tries to break a rule through the page a user would use and reads the refusal."""

from __future__ import annotations

import html
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilancio_sociale.approval import edition_subject
from bilancio_sociale.models import Edition, EditionStatus
from consigli import selectors, services
from consigli.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Consiglio,
    CouncilMember,
    Decision,
    MemberCategory,
    MinutesStatus,
)
from tests.bilancio_sociale.factories import fill_monitoring, make_decision, make_edition
from tests.consigli.factories import add_item, aware, council_people, future_meeting

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _seats(people):
    return [people["president_seat"], people["secretary_seat"], *people["member_seats"]]


def _present(meeting, seats):
    services.attendance_record(
        meeting=meeting,
        by=None,
        entries=[
            services.AttendanceEntry(member=s, status=AttendanceStatus.PRESENT) for s in seats
        ],
    )


# --- Bilancio approval ------------------------------------------------------------------------


def test_an_edition_is_approved_only_by_a_decision_that_approves_it(world) -> None:
    staff = world.users["staff"]
    ed2017 = make_edition(slug="bilancio-2017", year=2017, status=EditionStatus.CONSULTATION)
    ed2018 = make_edition(slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION)
    fill_monitoring(ed2018, staff)
    # the decision that approved 2017, taken with 0 present months before 2018 ended
    council = Consiglio.objects.get(slug="indirizzo")
    meeting = services.meeting_schedule(
        consiglio=council, title="Giugno 2018", starts_at=aware(2018, 6, 12), by=None
    )
    item = add_item(meeting, "Approvazione del Bilancio Sociale 2017")
    old = services.decision_record(
        agenda_item=item,
        data=services.DecisionInput(text="Approva il 2017", subject=edition_subject(ed2017)),
        by=None,
    )
    Edition.objects.filter(pk=ed2017.pk).update(
        status=EditionStatus.APPROVED, approval_decision=old
    )
    client = _client(staff)
    url = reverse("bilancio_sociale:approve", args=[ed2018.pk])
    response = client.post(url, {"decision": old.pk})
    assert response.status_code == 400
    text = _text(response)
    assert "della riunione del 12/06/2018 non sono registrate le presenze" in text
    assert "non è successiva alla fine del periodo rendicontato (31/12/2018)" in text
    assert "ha per oggetto «Approvazione del Bilancio Sociale: Bilancio Sociale 2017»" in text
    assert "ha già approvato un'altra edizione («Bilancio Sociale 2017»)" in text
    ed2018.refresh_from_db()
    assert ed2018.status == EditionStatus.CONSULTATION and ed2018.approval_decision is None

    # another council's decision, naming this edition, held with quorum: wrong council
    other = make_decision("progetto", by=staff, edition=ed2018)
    text = _text(client.post(url, {"decision": other.pk}))
    assert "l'approvazione del Bilancio Sociale spetta al consiglio competente" in text

    # held, attendance recorded, but nobody present: no quorum
    weak = make_decision("indirizzo", by=staff, edition=ed2018)
    Attendance.objects.filter(meeting=weak.agenda_item.meeting).update(
        status=AttendanceStatus.ABSENT
    )
    text = _text(client.post(url, {"decision": weak.pk}))
    assert "non ha raggiunto il numero legale (0 presenti o con delega" in text

    # a meeting in the future
    future = make_decision("indirizzo", by=staff, edition=ed2018)
    future.agenda_item.meeting.starts_at = timezone.now() + timedelta(days=30)
    future.agenda_item.meeting.save()
    text = _text(client.post(url, {"decision": future.pk}))
    assert "non si è ancora svolta" in text

    good = make_decision("indirizzo", by=staff, edition=ed2018)
    response = client.post(url, {"decision": good.pk})
    assert response.status_code == 302
    ed2018.refresh_from_db()
    assert ed2018.status == EditionStatus.APPROVED and ed2018.approval_decision == good


def test_the_decision_form_offers_the_edition_as_subject(reference) -> None:
    council = Consiglio.objects.get(slug="indirizzo")
    people = council_people(council, "s")
    edition = make_edition(slug="bilancio-2019", year=2019, status=EditionStatus.CONSULTATION)
    meeting = services.meeting_schedule(
        consiglio=council, title="Approvazione", starts_at=aware(2020, 5, 4), by=None
    )
    item = add_item(meeting, "Bilancio Sociale 2019")
    client = _client(people["secretary"])
    url = reverse("consigli:decision_create", args=[meeting.pk])
    assert "Bilancio Sociale 2019 (periodo 01/01/2019–31/12/2019)" in _text(client.get(url))
    response = client.post(
        url,
        {
            "agenda_item": item.pk,
            "text": "Approva il Bilancio Sociale 2019",
            "mode": "consensus",
            "subject": edition_subject(edition),
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get(agenda_item=item).subject == edition_subject(edition)


# --- Minutes ----------------------------------------------------------------------------------


def test_minutes_are_not_approved_at_a_future_meeting_with_nobody_present(reference) -> None:
    council = Consiglio.objects.get(slug="progetto")
    people = council_people(council, "m")
    first = services.meeting_schedule(
        consiglio=council, title="Prima", starts_at=aware(2019, 3, 1), by=None
    )
    minutes = services.minutes_save(meeting=first, text="Verbale", by=None)
    nextmonth = future_meeting(council, None, days=30)
    item = nextmonth.agenda_items.get(minutes_to_approve=minutes)
    client = _client(people["secretary"])
    url = reverse("consigli:minutes_approve", args=[nextmonth.pk, item.pk])
    text = _text(client.post(url, follow=True))
    assert "Il verbale non si può approvare in questa riunione" in text
    assert "non si è ancora svolta" in text
    # attendance cannot be recorded in advance either
    att = reverse("consigli:attendance", args=[nextmonth.pk])
    data = {f"member_{s.pk}": "present" for s in _seats(people)}
    assert "le presenze si registrano quando la riunione è iniziata" in _text(
        client.post(att, data)
    )
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT

    # a past meeting without quorum (1 of 5 present)
    held = services.meeting_schedule(
        consiglio=council, title="Seconda", starts_at=aware(2019, 4, 1), by=None
    )
    _present(held, _seats(people)[:1])
    item = held.agenda_items.get(minutes_to_approve=minutes)
    url = reverse("consigli:minutes_approve", args=[held.pk, item.pk])
    assert "non ha raggiunto il numero legale" in _text(client.post(url, follow=True))
    _present(held, _seats(people))
    assert "Verbale approvato" in _text(client.post(url, follow=True))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_at_meeting == held


# --- Seats ------------------------------------------------------------------------------------


def test_an_overlapping_seat_is_refused_in_the_admin(world) -> None:
    council = Consiglio.objects.get(slug="indirizzo")
    person = world.users["council"]  # seat in office since 01/01/2016
    client = _client(world.users["admin"])
    response = client.post(
        reverse("admin:consigli_councilmember_add"),
        {
            "consiglio": council.pk,
            "user": person.pk,
            "category": MemberCategory.ESPERTO,
            "role": "componente",
            "term_start": "2020-01-01",
            "term_end": "",
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Carlo Consiglio ha già un seggio nel Consiglio di indirizzo" in text
    assert "dal 01/01/2016 senza scadenza" in text
    assert CouncilMember.objects.filter(user=person).count() == 1


def test_people_are_counted_and_convened_once(reference) -> None:
    council = Consiglio.objects.get(slug="progetto")
    people = council_people(council, "d", members=2)  # 4 people
    # old data: the president holds a second, overlapping seat
    double = CouncilMember.objects.create(
        consiglio=council,
        user=people["president"],
        category=MemberCategory.COMUNE,
        term_start=date(2017, 1, 1),
    )
    meeting = future_meeting(council, None)
    add_item(meeting, "Punto")
    mail.outbox.clear()
    with_commit = services.meeting_convene(meeting=meeting, by=None)
    assert with_commit == 4
    members = list(selectors.members_in_office(council))
    assert len(members) == 4 and len({m.user_id for m in members}) == 4
    past = services.meeting_schedule(
        consiglio=council, title="Passata", starts_at=aware(2019, 3, 1), by=None
    )
    Attendance.objects.create(meeting=past, member=double, status=AttendanceStatus.PRESENT)
    _present(past, [people["president_seat"]])
    quorum = selectors.quorum_of(past)
    assert (quorum.in_office, quorum.present) == (4, 1)


def test_votes_cannot_exceed_the_people_present_through_the_page(reference) -> None:
    council = Consiglio.objects.get(slug="progetto")
    people = council_people(council, "v", members=2)
    meeting = services.meeting_schedule(
        consiglio=council, title="Voto", starts_at=aware(2019, 3, 1), by=None
    )
    item = add_item(meeting, "Punto")
    _present(meeting, _seats(people)[:3])
    response = _client(people["secretary"]).post(
        reverse("consigli:decision_create", args=[meeting.pk]),
        {
            "agenda_item": item.pk,
            "text": "Voto",
            "mode": "vote",
            "votes_for": 3,
            "votes_against": 1,
            "votes_abstained": 0,
        },
    )
    assert "I voti espressi (4) superano i componenti presenti o rappresentati per delega (3)" in (
        _text(response)
    )
    assert not Decision.objects.filter(agenda_item=item).exists()


# --- Integrity check --------------------------------------------------------------------------


def test_check_integrity_lists_records_that_break_the_rules(world) -> None:
    council = Consiglio.objects.get(slug="indirizzo")
    CouncilMember.objects.create(
        consiglio=council,
        user=world.users["council"],
        category=MemberCategory.ESPERTO,
        term_start=date(2018, 1, 1),
    )
    edition = make_edition(slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION)
    decision = make_decision("progetto", edition=edition)
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.APPROVED, approval_decision=decision
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_integrity", stdout=out)
    text = out.getvalue()
    assert "Carlo Consiglio nel Consiglio di indirizzo del welfare cittadino" in text
    assert "Edizione «Bilancio Sociale 2018» (Approvata)" in text
    assert "spetta al consiglio competente" in text


# --- Permission holes -------------------------------------------------------------------------


def test_staff_limited_to_a_zone_cannot_close_a_city_wide_period(world) -> None:
    from tests.cantieri.factories import period

    rp = period()
    url = reverse("cantieri:period_lock", args=[rp.pk])
    zone_client = _client(world.users["staff_zone"])
    assert zone_client.post(url, {"action": "lock"}).status_code == 403
    rp.refresh_from_db()
    assert not rp.is_locked
    listing = _text(zone_client.get(reverse("cantieri:period_list")))
    assert f"Chiudi {rp.name}" not in listing
    assert "Chiude e riapre il personale con tutte le zone." in listing
    assert _client(world.users["staff"]).post(url, {"action": "lock"}).status_code == 302
    rp.refresh_from_db()
    assert rp.is_locked
    assert zone_client.post(url, {"action": "unlock"}).status_code == 403


def test_the_needs_decision_drop_down_lists_only_decisions_the_referent_may_open(world) -> None:
    from territori.models import Quartiere
    from tests.agencies.helpers import need

    council = Consiglio.objects.get(slug="progetto")
    council_people(council, "n")
    meeting = services.meeting_schedule(
        consiglio=council, title="Bozza", starts_at=aware(2019, 3, 1), by=None
    )
    hidden = services.decision_record(
        agenda_item=add_item(meeting, "Punto non ancora pubblico"),
        data=services.DecisionInput(text="DECISIONE NON PUBBLICA"),
        by=None,
    )
    n = need(quartieri=[Quartiere.objects.order_by("pk")[0]])
    client = _client(world.users["agency"])
    assert client.get(reverse("consigli:decision_detail", args=[hidden.pk])).status_code in (
        403,
        404,
    )
    page = _text(client.get(reverse("agencies:tool_detail", args=["bisogni", n.pk])))
    assert "DECISIONE NON PUBBLICA" not in page
    response = client.post(reverse("agencies:need_link", args=[n.pk]), {"decision": hidden.pk})
    assert not n.decisions.exists()
    assert response.status_code == 400


# --- Small things -----------------------------------------------------------------------------


def test_the_council_panel_shows_the_numbers(world) -> None:
    council = Consiglio.objects.get(slug="indirizzo")
    meeting = services.meeting_schedule(
        consiglio=council, title="R", starts_at=aware(2019, 3, 1), by=None
    )
    item = AgendaItem.objects.create(meeting=meeting, title="P")
    Decision.objects.create(agenda_item=item, text="Scaduta", due_date=date(2019, 4, 1))
    Decision.objects.create(agenda_item=item, text="Aperta")
    text = _text(_client(world.users["council"]).get(reverse("core:area_riservata")))
    counts = selectors.decision_status_counts(world.users["council"])
    assert counts["open"] >= 2 and counts["overdue"] >= 1
    assert f"Decisioni aperte: {counts['open']}; scadute: {counts['overdue']}." in text


def test_the_agencies_page_title_is_plain_text(reference) -> None:
    text = Client().get(reverse("agencies:index")).content.decode()
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Le agenzie" in title
