"""A need goes from "without an answer" to "answered" when the Conoscenza referent links an
approved activity in its quartiere."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from agencies.models import Agency, NeedStatus
from citta_del_noi.organizations.models import LegalForm, Organization
from territori.models import Quartiere
from tests.agencies import helpers as h
from tests.browser.conftest import login
from tests.world import PASSWORD, make_user


@pytest.mark.django_db(transaction=True)
def test_need_answered_when_activity_linked(page, reference) -> None:
    referent = make_user("conoscenza@example.org")
    Agency.objects.get(slug="conoscenza").referents.add(referent)
    org = Organization.objects.create(
        name="Associazione Delta", slug="ass-delta", legal_form=LegalForm.ASSOCIAZIONE
    )
    quartiere = Quartiere.objects.order_by("name").first()
    need = h.need(quartieri=[quartiere], title="Anziani soli la domenica")
    activity = h.activity(org, quartieri=[quartiere], title="Pranzi domenicali")

    login(page, referent.email, PASSWORD)
    page.goto(f"/agenzie/lavoro/bisogni/{need.pk}/")
    assert page.get_by_test_id("need-status").inner_text() == "Senza risposta"
    assert page.get_by_test_id("need-reason").inner_text() == "Non ancora valutato"
    assert _severe(page) == []
    page.get_by_label("Numero della scheda attività").fill(str(activity.pk))
    page.get_by_role("button", name="Collega").click()
    assert page.get_by_text("Risposta collegata: stato del bisogno aggiornato.").is_visible()
    assert page.get_by_test_id("need-status").inner_text() == "Con risposta"
    assert page.get_by_text("Pranzi domenicali").is_visible()
    need.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED and need.reason == ""

    page.get_by_test_id("logout").click()
    page.goto("/agenzie/bisogni/")
    row = page.get_by_role("row").filter(has_text="Anziani soli la domenica")
    assert "Con risposta" in row.inner_text()
    assert _severe(page) == []


def _severe(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v.get("impact") in {"serious", "critical"}]
