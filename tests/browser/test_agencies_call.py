"""A call for proposals in a real browser, from publication to award: the Finanza referent
publishes it, a partner applies online, the referent assigns an evaluator, the evaluator
scores against the published criteria, the referent awards and approves the ranking."""

from __future__ import annotations

import pytest

from agencies import models as m
from agencies.models import Agency
from citta_del_noi.organizations.models import LegalForm, Organization
from citta_del_noi.organizations.services import membership_add
from tests.agencies import helpers as h
from tests.browser.conftest import login
from tests.world import PASSWORD, make_user


def _logout(page) -> None:
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_call_from_publication_to_award(page, reference) -> None:
    referent = make_user("finanza@example.org")
    Agency.objects.get(slug="finanza").referents.add(referent)
    org = Organization.objects.create(
        name="Cooperativa Gamma", slug="coop-gamma", legal_form=LegalForm.COOPERATIVA_SOCIALE
    )
    partner = make_user("gamma@example.org")
    membership_add(user=partner, organization=org)
    evaluator = make_user("valutatrice@example.org")
    call = h.call(status=m.CallStatus.DRAFT, days=20)
    manage = f"/agenzie/lavoro/bandi/{call.pk}/gestione/"

    login(page, referent.email, PASSWORD)
    page.goto(manage)
    page.get_by_role("button", name="Pubblica il bando").click()
    assert page.get_by_text("Bando pubblicato.").is_visible()
    _logout(page)

    login(page, partner.email, PASSWORD)
    page.goto("/agenzie/bandi/")
    page.get_by_role("link", name=call.title).click()
    page.get_by_role("link", name="Presenta domanda").click()
    page.get_by_label("Organizzazione").select_option(label="Cooperativa Gamma")
    page.get_by_label("Titolo del progetto").fill("Cortili aperti")
    page.get_by_label("Sintesi del progetto").fill("Attività estive nei cortili condominiali.")
    page.get_by_label("Contributo richiesto (€)").fill("25000")
    page.get_by_role("button", name="Invia la domanda").click()
    page.wait_for_url("**/agenzie/bandi/mie-domande/")
    assert page.get_by_role("cell", name="Cortili aperti").is_visible()
    _logout(page)

    login(page, referent.email, PASSWORD)
    page.goto(manage)
    page.get_by_role("button", name="Chiudi il bando e avvia la valutazione").click()
    assert page.get_by_test_id("call-status").inner_text() == "Chiuso, in valutazione"
    page.get_by_label("Email del valutatore").fill(evaluator.email)
    page.get_by_role("button", name="Assegna valutatore").click()
    assert page.get_by_text("Valutatore assegnato.").is_visible()
    _logout(page)

    login(page, evaluator.email, PASSWORD)
    page.goto("/agenzie/valutazioni/")
    page.get_by_role("link", name="Cortili aperti").click()
    page.get_by_label("Qualità (da 0 a 10, peso 60)").fill("8")
    page.get_by_label("Rete (da 0 a 5, peso 40)").fill("4")
    page.get_by_role("button", name="Salva la valutazione").click()
    assert page.get_by_text("Valutazione salvata.").is_visible()
    _logout(page)

    login(page, referent.email, PASSWORD)
    page.goto(manage)
    assert "80,00" in page.get_by_test_id("ranking").inner_text()  # 8/10×60 + 4/5×40
    page.get_by_role("button", name="Assegna contributo").click()
    assert page.get_by_text("Contributo assegnato.").is_visible()
    page.get_by_role("button", name="Approva la graduatoria").click()
    assert page.get_by_test_id("call-status").inner_text() == "Graduatoria approvata"
    _logout(page)

    page.goto(f"/agenzie/bandi/{call.pk}/")
    ranking = page.get_by_role("table", name="Domande in ordine di punteggio").inner_text()
    assert "Cooperativa Gamma" in ranking and "25.000,00" in ranking
    grant = m.Grant.objects.get()
    assert grant.application.organization == org and grant.status == m.GrantStatus.AWARDED
