"""A partner types a codice fiscale in an activity's description: the form says, next to the
field, what it found and why, and nothing is saved. Real Chromium."""

from __future__ import annotations

import pytest

from cantieri.models import ActivityRecord
from tests.browser.conftest import login
from tests.cantieri.factories import period, quartiere_in
from tests.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_world(reference):
    world = build_world()
    period()
    return world


def test_description_with_a_codice_fiscale_is_refused_next_to_the_field(
    page, browser_world
) -> None:
    quartiere = quartiere_in("nord")
    login(page, "partner.a@example.org", PASSWORD)
    page.goto("/attivita/nuova/")
    page.get_by_label("Titolo").fill("Laboratorio di cucito")
    page.get_by_label("Azione o cantiere").select_option(label="5. Anziani nella comunità")
    page.get_by_label("Tipo di attività").select_option(label="Laboratorio")
    page.locator("[data-quartieri-picker]").get_by_text(quartiere.name, exact=True).click()
    page.get_by_label("Descrizione").fill("Ha partecipato Mario Rossi RSSMRA80A01H501U")
    page.get_by_role("button", name="Salva bozza").click()
    message = page.locator("#id_description_errors")
    message.wait_for()
    assert "un codice fiscale (RSSMRA…501U)" in message.inner_text()
    assert "solo dati aggregati" in message.inner_text()
    description = page.get_by_label("Descrizione")
    assert description.get_attribute("aria-invalid") == "true"
    assert not ActivityRecord.objects.filter(title="Laboratorio di cucito").exists()
