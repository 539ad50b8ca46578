"""The council's cycle in a real browser: the president schedules a meeting and convenes it,
the secretary records attendance and a decision, and the previous minutes are approved at it."""

from __future__ import annotations

import pytest

from consigli import services
from consigli.models import Consiglio, Decision, Meeting, MinutesStatus
from tests.browser.conftest import login
from tests.consigli.factories import aware, council_people
from tests.world import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_meeting_cycle(page, reference) -> None:
    council = Consiglio.objects.get(slug="indirizzo")
    people = council_people(council, "b", members=2)
    previous = services.meeting_schedule(
        consiglio=council, title="Riunione di gennaio", starts_at=aware(2019, 1, 15), by=None
    )
    minutes = services.minutes_save(meeting=previous, text="Verbale di gennaio", by=None)

    # The president schedules the meeting: the draft agenda already asks to approve the minutes.
    login(page, people["president"].email, PASSWORD)
    page.goto(f"/consigli/area/{council.slug}/")
    page.get_by_role("link", name="Programma una riunione").click()
    page.get_by_label("Titolo").fill("Riunione di primavera")
    page.get_by_label("Inizio").fill("2030-04-10T17:30")
    page.get_by_label("Luogo").fill("Palazzo Loggia")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url("**/consigli/riunioni/*/")
    assert page.get_by_role(
        "cell", name="Approvazione del verbale della riunione del 15/01/2019"
    ).first.is_visible()
    page.get_by_role("link", name="Aggiungi un punto").click()
    page.get_by_label("Argomento").fill("Piano di zona 2030")
    page.get_by_role("button", name="Salva il punto").click()
    page.get_by_role("button", name="Convoca (invia gli inviti)").click()
    assert page.get_by_text("Convocazione inviata a 4 componenti.").is_visible()
    meeting = Meeting.objects.get(title="Riunione di primavera")
    page.get_by_test_id("logout").click()
    # The day of the meeting comes (attendance is recorded once the meeting has started).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=aware(2019, 4, 10))

    # The secretary records attendance, a decision and the approval of the minutes.
    login(page, people["secretary"].email, PASSWORD)
    page.goto(f"/consigli/riunioni/{meeting.pk}/")
    page.get_by_role("link", name="Registra le presenze").click()
    selects = page.locator("select[name^='member_']")
    for i in range(selects.count()):
        selects.nth(i).select_option("present")
    page.get_by_role("button", name="Registra le presenze").click()
    assert page.get_by_text("Quorum raggiunto").is_visible()
    assert "Presenti 4, con delega 0, su 4" in page.get_by_test_id("quorum").inner_text()

    page.get_by_role("link", name="Registra una decisione").click()
    page.get_by_label("Punto all'ordine del giorno").select_option(label="2. Piano di zona 2030")
    page.get_by_label("Testo della decisione").fill("Avviare la co-programmazione del piano")
    page.get_by_label("Modalità").select_option("vote")
    page.get_by_label("Favorevoli").fill("3")
    page.get_by_label("Contrari").fill("0")
    page.get_by_label("Astenuti").fill("1")
    page.get_by_label("Scadenza").fill("2030-09-30")
    page.get_by_role("button", name="Registra la decisione").click()
    assert page.get_by_text("Decisione registrata.").is_visible()
    decision = Decision.objects.get(text="Avviare la co-programmazione del piano")
    assert (decision.votes_for, decision.votes_against, decision.votes_abstained) == (3, 0, 1)

    page.get_by_role("button", name="Approva il verbale").click()
    assert page.get_by_text("Verbale approvato").first.is_visible()
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at_meeting_id == meeting.pk

    # Frozen: the minutes page now offers only an erratum.
    page.goto(f"/consigli/verbali/{minutes.pk}/")
    assert page.get_by_test_id("minutes-status").inner_text() == "Approvato"
    assert page.get_by_role("link", name="Errata corrige").is_visible()
