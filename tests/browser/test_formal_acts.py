"""Issue 11 in a real browser: one refusal of each kind, read on the page the user uses."""

from __future__ import annotations

import pytest

from bilancio_sociale.models import EditionStatus
from consigli import services
from consigli.models import Consiglio
from tests.bilancio_sociale.factories import fill_monitoring, make_decision, make_edition
from tests.browser.conftest import login
from tests.cantieri.factories import period
from tests.consigli.factories import aware, council_people, future_meeting
from tests.world import PASSWORD, TOTP_SECRET


@pytest.mark.django_db(transaction=True)
def test_minutes_refused_at_a_meeting_not_yet_held(page, reference) -> None:
    council = Consiglio.objects.get(slug="progetto")
    people = council_people(council, "bm", members=2)
    first = services.meeting_schedule(
        consiglio=council, title="Gennaio", starts_at=aware(2019, 1, 15), by=None
    )
    services.minutes_save(meeting=first, text="Verbale di gennaio", by=None)
    upcoming = future_meeting(council, None, days=30, title="Il mese prossimo")
    login(page, people["secretary"].email, PASSWORD)
    page.goto(f"/consigli/riunioni/{upcoming.pk}/")
    page.get_by_role("button", name="Approva il verbale").click()
    assert page.get_by_text("Il verbale non si può approvare in questa riunione").is_visible()
    assert page.get_by_text("non si è ancora svolta").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_bilancio_approval_refused_with_the_failing_condition(page, world) -> None:
    staff = world.users["staff"]
    edition = make_edition(slug="bilancio-2018", year=2018, status=EditionStatus.CONSULTATION)
    fill_monitoring(edition, staff)
    make_decision("indirizzo", by=staff)  # held with quorum, but names no edition
    login(page, staff.email, PASSWORD, TOTP_SECRET)
    page.goto(f"/bilancio-sociale/gestione/{edition.pk}/approvazione/")
    page.get_by_label("Decisione del Consiglio di indirizzo").select_option(index=1)
    page.get_by_role("button", name="Registra l'approvazione").click()
    assert page.get_by_text("La decisione non indica questa edizione come oggetto").is_visible()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTATION


@pytest.mark.django_db(transaction=True)
def test_overlapping_seat_refused_in_the_admin(page, world) -> None:
    admin = world.users["admin"]
    council = Consiglio.objects.get(slug="indirizzo")
    person = world.users["council"]  # already seated since 2016
    login(page, admin.email, PASSWORD, TOTP_SECRET)
    page.goto("/admin/consigli/councilmember/add/")
    page.locator("#id_consiglio").select_option(str(council.pk))
    # the user field is an autocomplete: set the option its widget would set
    page.evaluate(
        "([pk, label]) => { const s = document.querySelector('#id_user');"
        " s.add(new Option(label, pk, true, true)); }",
        [str(person.pk), person.email],
    )
    page.locator("#id_category").select_option("esperto")
    page.locator("#id_term_start").fill("2020-01-01")
    page.locator("input[name=_save]").click()
    refusal = page.get_by_text("Carlo Consiglio ha già un seggio nel Consiglio di indirizzo")
    refusal.wait_for()  # the admin's answer to the click: wait for its page, then look
    assert refusal.is_visible()


@pytest.mark.django_db(transaction=True)
def test_staff_limited_to_a_zone_is_not_offered_period_closing(page, world) -> None:
    rp = period()
    login(page, world.users["staff_zone"].email, PASSWORD, TOTP_SECRET)
    page.goto("/attivita/periodi/")
    assert page.get_by_text("Chiude e riapre il personale con tutte le zone.").first.is_visible()
    assert page.get_by_role("button", name=f"Chiudi {rp.name}").count() == 0
