"""A referent manages the organisation's members in a real browser: invites a lettore by email,
cannot remove the last referent (the refusal is shown), and the lettore then sees the records
without the buttons to create or import."""

from __future__ import annotations

import pytest
from django.core import mail

from cantieri.models import ActivityStatus
from citta_del_noi.accounts.models import User
from citta_del_noi.organizations.models import Membership, MembershipRole
from tests.browser.conftest import login
from tests.cantieri.factories import period, record
from tests.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_world(reference):
    world = build_world()
    period()
    return world


def test_referent_invites_a_lettore_and_cannot_remove_the_last_referent(
    page, browser_world
) -> None:
    world = browser_world
    record(world.org_a, title="Bozza da leggere", status=ActivityStatus.DRAFT)
    login(page, "partner.a@example.org", PASSWORD)
    page.goto(f"/attivita/organizzazioni/{world.org_a.slug}/")
    page.get_by_test_id("members-link").click()
    page.get_by_role("heading", name="Membri dell'organizzazione").wait_for()
    page.get_by_label("Email").fill("Nuovo.Lettore@Example.org")
    page.get_by_label("Ruolo", exact=True).select_option(label="Lettore")
    page.get_by_role("button", name="Invia l'invito").click()
    page.get_by_text("Invito inviato a nuovo.lettore@example.org").wait_for()
    lettore = User.objects.get(email="nuovo.lettore@example.org")
    assert Membership.objects.get(user=lettore).role == MembershipRole.LETTORE
    assert [m.to for m in mail.outbox] == [["nuovo.lettore@example.org"]]

    page.get_by_role("button", name="Rimuovi partner.a@example.org").click()
    page.get_by_text("è l'unico referente dell'organizzazione").wait_for()
    assert Membership.objects.get(user=world.users["partner_a"]).active

    # The lettore (password set here for the test) reads but gets no button to record.
    lettore.set_password(PASSWORD)
    lettore.save()
    page.get_by_test_id("logout").click()
    login(page, "nuovo.lettore@example.org", PASSWORD)
    page.goto("/attivita/")
    page.get_by_text("Bozza da leggere").wait_for()
    assert page.get_by_role("link", name="Nuova attività").count() == 0
    assert page.get_by_role("link", name="Esporta CSV").count() == 1
