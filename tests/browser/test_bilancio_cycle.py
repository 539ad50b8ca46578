"""The whole Bilancio Sociale cycle in a real browser: staff create a draft, open the
consultation; a citizen comments (privacy notice, consent, email confirmation); staff moderate
and answer, record the council's approval, publish and build the PDF; a citizen with no login
reads how the report was built and downloads it."""

from __future__ import annotations

import hashlib
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse

from bilancio_sociale.models import Edition
from tests.bilancio_sociale.factories import make_decision
from tests.browser.conftest import login
from tests.world import PASSWORD, TOTP_SECRET

COMMENT = "Nella sezione mancano i dati dei quartieri della zona ovest, per favore aggiungeteli."
ANSWER = "Grazie: abbiamo aggiunto la tabella per quartiere della zona ovest."


@pytest.mark.django_db(transaction=True)
def test_bilancio_cycle_from_draft_to_citizen_download(page, browser, live_server, world):
    staff = world.users["staff"]
    login(page, staff.email, PASSWORD, TOTP_SECRET)

    page.goto("/bilancio-sociale/gestione/")
    page.get_by_label("Titolo").fill("Bilancio Sociale 2019")
    page.get_by_label("Inizio del periodo rendicontato").fill("2019-01-01")
    page.get_by_label("Fine del periodo rendicontato").fill("2019-12-31")
    page.get_by_role("button", name="Crea la bozza").click()
    page.get_by_text("Edizione creata in bozza.").wait_for()
    edition = Edition.objects.get(title="Bilancio Sociale 2019")
    make_decision("indirizzo", by=staff, edition=edition)

    # staff preview a draft section before anything is built
    page.get_by_role("link", name="Anteprima HTML").click()
    page.get_by_role("heading", name="2. Identità: missione e partenariato").wait_for()
    page.go_back()

    page.get_by_role("button", name="Apri la consultazione (congela i dati)").click()
    page.get_by_text("Consultazione aperta").wait_for()

    # a citizen comments a section: privacy notice, consent, email confirmation
    citizen = browser.new_context(base_url=live_server.url, locale="it-IT")
    try:
        visitor = citizen.new_page()
        visitor.goto(reverse("bilancio_sociale:consultation", args=[edition.slug]))
        visitor.get_by_role("link", name="Scrivi un contributo").click()
        visitor.get_by_role("heading", name="Informativa privacy").wait_for()
        visitor.get_by_label("Sezione che commenti").select_option(index=1)
        visitor.get_by_label("Il tuo contributo").fill(COMMENT)
        visitor.get_by_label("La tua email").fill("cittadina@example.org")
        visitor.locator("label[for=id_consent]").click()
        visitor.get_by_role("button", name="Invia il contributo").click()
        visitor.get_by_text("email").first.wait_for()
        confirm = re.search(r"https?://\S+", str(mail.outbox[-1].body))
        assert confirm is not None and "cittadina@example.org" in mail.outbox[-1].to
        visitor.goto(confirm.group(0))
        # not shown to anyone before the staff moderate it
        visitor.goto(reverse("bilancio_sociale:consultation", args=[edition.slug]))
        assert COMMENT not in visitor.content()
    finally:
        citizen.close()

    # staff moderate and answer every contribution before the approval
    page.get_by_role("link", name="Contributi").click()
    page.get_by_role("link", name=COMMENT[:40]).click()
    page.get_by_label("Pubblica il contributo").check()
    page.get_by_role("button", name="Registra").click()
    page.get_by_text("Moderazione registrata.").wait_for()
    page.get_by_label("Accolto", exact=True).check()
    page.get_by_label("Risposta pubblica").fill(ANSWER)
    page.get_by_role("button", name="Salva la risposta").click()
    page.get_by_text("Risposta registrata.").wait_for()
    page.goto(reverse("bilancio_sociale:staff_detail", args=[edition.pk]))

    # section 8 (DM 4/7/2019): the control body's monitoring, on the staff page
    page.get_by_label("Organo di controllo", exact=True).fill("Organo di controllo del progetto")
    page.get_by_label("Componenti").fill("Maria Rossi, presidente")
    page.get_by_label("Data del monitoraggio").fill("2020-04-30")
    page.get_by_label("Attestazione di conformità alle linee guida").fill(
        "Il bilancio è conforme alle linee guida."
    )
    page.get_by_role("button", name="Salva il monitoraggio").click()
    page.get_by_text("Monitoraggio dell'organo di controllo salvato.").wait_for()

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
        # how the report was built: the contribution and its public answer
        public.get_by_role("heading", name=re.compile("Come è stato costruito")).wait_for()
        assert COMMENT in public.content() and ANSWER in public.content()
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
