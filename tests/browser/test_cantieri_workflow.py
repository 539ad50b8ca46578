"""A partner enters a record and submits it; staff return it with a comment; the partner fixes
and resubmits; staff approve it. Real Chromium, real login (staff with TOTP)."""

from __future__ import annotations

import time

import pytest

from cantieri.models import ActivityRecord, ActivityStatus
from tests.browser.conftest import login
from tests.cantieri.factories import period, quartiere_in
from tests.world import PASSWORD, TOTP_SECRET, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_world(reference):
    world = build_world()
    period()
    return world


def _step() -> int:
    return int(time.time()) // 30


def _fresh_totp_window(used: set[int]) -> None:
    """allauth refuses a TOTP code used before: wait for a 30-second step not used yet."""
    while _step() <= max(used, default=-1):
        time.sleep(0.5)


def _logout(page) -> None:
    page.get_by_test_id("logout").click()


def test_partner_submits_staff_returns_partner_fixes_staff_approves(page, browser_world) -> None:
    quartiere = quartiere_in("nord")
    # 1. The partner enters a record with the keyboard-friendly form and submits it.
    login(page, "partner.a@example.org", PASSWORD)
    page.goto("/attivita/nuova/")
    page.get_by_label("Titolo").fill("Laboratorio di cucito")
    page.get_by_label("Azione o cantiere").select_option(label="5. Anziani nella comunità")
    page.get_by_label("Tipo di attività").select_option(label="Laboratorio")
    # the quartieri are grouped by zona: the search box narrows the list as you type
    page.get_by_label("Cerca un quartiere o una zona").fill(quartiere.name[:5])
    picker = page.locator("[data-quartieri-picker]")
    picker.get_by_text(quartiere.name, exact=True).click()  # Bootstrap Italia's checkbox label
    assert page.get_by_label(quartiere.name, exact=True).is_checked()
    page.get_by_label("Partecipanti totali").fill("12")
    page.get_by_label("Nuovi partecipanti").fill("12")
    page.get_by_label("Partecipanti già coinvolti").fill("0")
    page.get_by_label("Femmine").fill("8")
    page.get_by_label("Maschi").fill("4")
    page.get_by_label("65–79 anni").fill("10")
    page.get_by_label("80 anni e oltre").fill("1")  # one missing: the age bands do not add up
    page.get_by_role("button", name="Salva e invia per la revisione").click()
    page.get_by_text("I partecipanti per fascia d'età sommano a 11").wait_for()
    page.get_by_label("80 anni e oltre").fill("2")
    page.get_by_role("button", name="Salva e invia per la revisione").click()
    page.get_by_text("Attività inviata per la revisione.").wait_for()
    activity = ActivityRecord.objects.get(title="Laboratorio di cucito")
    assert activity.status == ActivityStatus.SUBMITTED
    _logout(page)

    # 2. Staff (with TOTP) return it with a comment.
    used = {_step()}
    login(page, "staff@example.org", PASSWORD, TOTP_SECRET)
    used.add(_step())
    page.goto("/attivita/revisione/")
    page.get_by_role("link", name="Laboratorio di cucito").click()
    page.get_by_label("Cosa va corretto").fill("Indica le ore di volontariato.")
    page.get_by_role("button", name="Restituisci").click()
    page.get_by_text("Attività restituita all'organizzazione.").wait_for()
    _logout(page)

    # 3. The partner sees the comment, fixes the record and resubmits.
    login(page, "partner.a@example.org", PASSWORD)
    page.goto(f"/attivita/{activity.pk}/")
    page.get_by_test_id("review-comment").get_by_text("Indica le ore di volontariato.").wait_for()
    page.get_by_role("link", name="Modifica").click()
    page.get_by_label("Volontari coinvolti").fill("2")
    page.get_by_label("Ore di volontariato").fill("6")
    page.get_by_role("button", name="Salva e invia per la revisione").click()
    page.get_by_text("Attività inviata per la revisione.").wait_for()
    _logout(page)

    # 4. Staff approve it (bulk approve from the queue).
    _fresh_totp_window(used)
    login(page, "staff@example.org", PASSWORD, TOTP_SECRET)
    page.goto("/attivita/revisione/")
    page.get_by_label("Seleziona «Laboratorio di cucito»").check()
    page.get_by_role("button", name="Approva le selezionate").click()
    page.get_by_text("1 attività approvate.").wait_for()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    assert activity.volunteers == 2
    assert activity.history.count() >= 5
