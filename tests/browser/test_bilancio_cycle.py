"""The whole Bilancio Sociale cycle in a real browser: staff create a draft, open the
consultation, record the council's approval, publish and build the PDF; a citizen with no
login downloads it."""

from __future__ import annotations

import hashlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from bilancio_sociale.models import Edition
from tests.bilancio_sociale.factories import make_decision
from tests.browser.conftest import login
from tests.world import PASSWORD, TOTP_SECRET


@pytest.mark.django_db(transaction=True)
def test_bilancio_cycle_from_draft_to_citizen_download(page, browser, live_server, world):
    staff = world.users["staff"]
    make_decision("indirizzo", by=staff)
    login(page, staff.email, PASSWORD, TOTP_SECRET)

    page.goto("/bilancio-sociale/gestione/")
    page.get_by_label("Titolo").fill("Bilancio Sociale 2019")
    page.get_by_label("Inizio del periodo rendicontato").fill("2019-01-01")
    page.get_by_label("Fine del periodo rendicontato").fill("2019-12-31")
    page.get_by_role("button", name="Crea la bozza").click()
    page.get_by_text("Edizione creata in bozza.").wait_for()
    edition = Edition.objects.get(title="Bilancio Sociale 2019")

    # staff preview a draft section before anything is built
    page.get_by_role("link", name="Anteprima HTML").click()
    page.get_by_role("heading", name="2. Identità: missione e partenariato").wait_for()
    page.go_back()

    page.get_by_role("button", name="Apri la consultazione (congela i dati)").click()
    page.get_by_text("Consultazione aperta").wait_for()

    page.get_by_role("link", name="Registra l'approvazione").first.click()
    page.get_by_label("Decisione del Consiglio di indirizzo").select_option(index=1)
    page.get_by_role("button", name="Registra l'approvazione").click()
    page.get_by_text("Approvazione registrata.").wait_for()

    page.get_by_role("button", name="Pubblica l'edizione").click()
    page.get_by_text("Edizione pubblicata.").wait_for()

    page.get_by_role("button", name="Genera PDF").click(timeout=120_000)
    page.get_by_role("link", name="Scarica il PDF").first.wait_for(timeout=120_000)
    version = edition.versions.get()
    assert version.pdf_sha256

    citizen = browser.new_context(base_url=live_server.url, locale="it-IT", accept_downloads=True)
    try:
        public = citizen.new_page()
        public.goto("/")
        public.get_by_role("link", name="Leggi il Bilancio Sociale partecipativo").click()
        public.get_by_role("link", name="Bilancio Sociale 2019").click()
        public.get_by_role("heading", level=1, name="Bilancio Sociale 2019").wait_for()
        assert version.pdf_sha256 in public.content()
        # the public edition page: no serious or critical axe-core violations
        results = Axe().run(public)
        severe = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        assert severe == []
        with public.expect_download() as info:
            public.get_by_role("link", name="Scarica il PDF v1").click()
        path = info.value.path()
        with open(path, "rb") as fh:
            data = fh.read()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == version.pdf_sha256
    finally:
        citizen.close()
