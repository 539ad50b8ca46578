"""Section 8 of the DM 4/7/2019 structure: "Monitoraggio svolto dall'organo di controllo"
(issue 10 point 5): entered by staff, required for approval unless staff say why no control
body is required, frozen with the edition, shown in HTML and open data (PDF: test_pdf_layout)."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bilancio_sociale import selectors, services
from bilancio_sociale.models import EditionStatus
from bilancio_sociale.registry import sections
from tests.bilancio_sociale.factories import make_decision

pytestmark = pytest.mark.django_db

ATTESTATION = "L'organo di controllo attesta la conformità alle linee guida del DM 4 luglio 2019."


@pytest.fixture
def client_staff(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _form_url(edition) -> str:
    return reverse("bilancio_sociale:section_edit", args=[edition.pk, "monitoraggio"])


def test_section_8_comes_last_of_the_standard_in_the_dm_order(reference) -> None:
    keys = [s.key for s in sections()]
    assert "monitoraggio" in keys
    # after the other sections of the standard, before the annexes (glossary)
    assert keys.index("monitoraggio") > keys.index("altre-informazioni")
    assert keys.index("monitoraggio") == keys.index("glossario") - 1


def test_approval_is_refused_while_section_8_is_empty(edition, staff, client_staff) -> None:
    services.edition_open_consultation(edition=edition, by=staff)
    decision = make_decision(by=staff, edition=edition)
    response = client_staff.post(
        reverse("bilancio_sociale:approve", args=[edition.pk]), {"decision": decision.pk}
    )
    assert response.status_code == 400
    assert "manca la sezione «Monitoraggio svolto dall'organo di controllo»" in _text(response)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTATION

    # a body without its attestation is not enough
    services.monitoring_save(edition=edition, by=staff, body="Organo di controllo")
    with pytest.raises(ValidationError, match="Monitoraggio svolto"):
        services.edition_approve(edition=edition, decision=decision, by=staff)

    # "not required" needs its reason, said next to the field
    response = client_staff.post(_form_url(edition), {"not_required": "on"})
    assert response.status_code == 400
    assert "Spiega perché per questa edizione l'organo di controllo non è previsto." in (
        _text(response)
    )
    response = client_staff.post(
        _form_url(edition),
        {
            "not_required": "on",
            "not_required_reason": "Il programma non ha un organo di controllo.",
        },
    )
    assert response.status_code == 302
    services.edition_approve(edition=edition, decision=decision, by=staff)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPROVED


def test_section_8_entered_frozen_and_published(edition, staff, client_staff) -> None:
    services.edition_open_consultation(edition=edition, by=staff)
    page = client_staff.get(reverse("bilancio_sociale:staff_detail", args=[edition.pk]))
    staff_page = _text(page)
    assert "8. Monitoraggio svolto dall'organo di controllo" in staff_page
    assert "Salva il monitoraggio" in staff_page
    # a date before the end of the period is refused next to the field, nothing saved
    bad = client_staff.post(
        _form_url(edition),
        {"body": "Collegio", "on": "2017-06-30", "attestation": ATTESTATION},
    )
    assert bad.status_code == 400
    assert "Il monitoraggio si svolge dopo la fine del periodo rendicontato" in _text(bad)
    assert not edition.texts.filter(section_key="monitoraggio").exists()
    response = client_staff.post(
        _form_url(edition),
        {
            "body": "Collegio dei revisori",
            "members": "Maria Rossi, presidente\nLuca Bianchi",
            "on": "2018-04-30",
            "attestation": ATTESTATION,
            "remarks": "Migliorare la raccolta degli esiti.",
        },
    )
    assert response.status_code == 302
    services.edition_approve(
        edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
    )

    # frozen with the edition: refused once approved
    with pytest.raises(ValidationError, match="approvata"):
        services.monitoring_save(edition=edition, by=staff, body="Altro organo")
    refused = client_staff.post(_form_url(edition), {"body": "Altro organo"})
    assert refused.status_code == 302
    assert edition.texts.get(section_key="monitoraggio", sub_key="organo").body == (
        "Collegio dei revisori"
    )

    version = services.edition_publish(edition=edition, by=staff)
    assert version.texts["monitoraggio/attestazione"] == ATTESTATION
    assert version.texts["monitoraggio/data"] == "2018-04-30"

    public = Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    text = _text(public)
    number = [s.key for s in sections()].index("monitoraggio") + 1
    assert f"{number}. Monitoraggio svolto dall'organo di controllo" in text
    assert "Collegio dei revisori" in text and "30/04/2018" in text
    assert "Maria Rossi, presidente<br>Luca Bianchi" in text
    assert ATTESTATION in text

    kwargs = {"slug": edition.slug, "section": "monitoraggio", "block": "organo-di-controllo"}
    body = Client().get(reverse("bilancio_sociale:block_csv", kwargs=kwargs)).content.decode()
    rows = {r[0]: r for r in csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")}
    assert rows["organo"][2] == "Collegio dei revisori"
    assert rows["data"][2] == "2018-04-30"
    assert rows["attestazione"][2] == ATTESTATION
    data = Client().get(reverse("bilancio_sociale:block_json", kwargs=kwargs)).json()
    assert {c["chiave"]: c["valore"] for c in data["cifre"]}["osservazioni"] == (
        "Migliorare la raccolta degli esiti."
    )
    listing = Client().get(reverse("bilancio_sociale:open_data", args=[edition.slug]))
    assert "Organo di controllo e attestazione" in listing.content.decode()

    # a correction may replace a part of section 8, with its erratum; version 1 is unchanged
    edition.refresh_from_db()
    second = services.edition_publish_correction(
        edition=edition,
        erratum="Corretta l'attestazione dell'organo di controllo.",
        by=staff,
        texts={"monitoraggio/attestazione": "Attestazione corretta."},
    )
    assert second.number == 2 and second.texts["monitoraggio/attestazione"] == (
        "Attestazione corretta."
    )
    version.refresh_from_db()
    assert version.texts["monitoraggio/attestazione"] == ATTESTATION
    choices = dict(selectors.correction_targets(edition))
    assert "monitoraggio/attestazione" in choices
