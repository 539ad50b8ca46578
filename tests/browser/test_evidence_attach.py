"""A partner attaches a photo to a record in Chromium and sees it listed (issue 15.3)."""

from __future__ import annotations

import pytest

from cantieri.models import ActivityAttachment
from tests.browser.conftest import login
from tests.cantieri.factories import period, record
from tests.cantieri.test_evidence import jpeg_with_gps
from tests.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_world(reference):
    world = build_world()
    period()
    return world


def test_partner_attaches_a_photo_and_sees_it_listed(page, browser_world, tmp_path) -> None:
    rec = record(browser_world.org_a, title="Festa di quartiere")
    photo = tmp_path / "festa.jpg"
    photo.write_bytes(jpeg_with_gps())
    login(page, "partner.a@example.org", PASSWORD)
    page.goto(f"/attivita/{rec.pk}/")
    page.get_by_role("link", name="Allega foto o documenti").click()
    page.get_by_label("File").set_input_files(str(photo))
    page.get_by_label("Didascalia").fill("La festa in piazza")
    page.get_by_role("button", name="Allega", exact=True).click()
    page.get_by_text("Allegato aggiunto.").wait_for()
    listing = page.get_by_test_id("evidence-list")
    assert listing.get_by_role("link", name="festa.jpg").is_visible()
    assert listing.get_by_role("img", name="La festa in piazza").is_visible()
    assert ActivityAttachment.objects.filter(record=rec, caption="La festa in piazza").exists()
