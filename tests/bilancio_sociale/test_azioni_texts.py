"""Per-azione narrative of "obiettivi-attivita": objectives and context, what worked or not."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from bilancio_sociale import narrative, services
from bilancio_sociale.models import EditionImmutableError, EditionStatus, SectionText
from bilancio_sociale.render import build_document
from tests.bilancio_sociale.factories import crafted_snapshot, fill_monitoring, make_decision

SECTION = narrative.AZIONI_SECTION
OBIETTIVI = "obiettivi-contesto"
FUNZIONATO = "cosa-ha-funzionato"


def _edit_url(edition) -> str:
    return reverse("bilancio_sociale:section_edit", args=[edition.pk, SECTION])


def test_staff_write_per_azione_texts_shown_in_preview_and_published_page(edition, staff):
    azioni = narrative.current_azioni()
    assert len(azioni) == 7
    (first, first_title), (second, second_title), (third, third_title) = azioni[:3]
    client = Client()
    client.force_login(staff)
    form = client.get(_edit_url(edition)).content.decode()
    assert "Obiettivi e contesto" in form and "Cosa ha funzionato e cosa no" in form
    assert all(title in form for _slug, title in azioni)

    response = client.post(
        _edit_url(edition),
        {
            "body": "Le sette azioni in sintesi.",
            f"{first}__{OBIETTIVI}": "Ridurre l'isolamento <b>degli anziani</b>.",
            f"{first}__{FUNZIONATO}": (
                "Hanno funzionato i gruppi di cammino.\n\nMeno i corsi serali."
            ),
            f"{second}__{OBIETTIVI}": "Aprire i cortili alle famiglie.",
            f"{second}__{FUNZIONATO}": "",
        },
    )
    assert response.status_code == 302
    texts = services.texts_of(edition)
    assert texts[SECTION] == "Le sette azioni in sintesi."
    assert texts[f"{SECTION}/{first}/{OBIETTIVI}"] == "Ridurre l'isolamento <b>degli anziani</b>."
    # an empty part never written stores nothing
    assert not SectionText.objects.filter(edition=edition, sub_key=f"{second}/{FUNZIONATO}")
    # the form shows what was saved
    assert "Aprire i cortili alle famiglie." in client.get(_edit_url(edition)).content.decode()

    # draft preview: every action, the missing texts say so plainly
    preview = client.get(
        reverse("bilancio_sociale:section_preview", args=[edition.pk, SECTION])
    ).content.decode()
    assert "Ridurre l&#x27;isolamento &lt;b&gt;degli anziani&lt;/b&gt;." in preview
    assert "<p>Hanno funzionato i gruppi di cammino.</p><p>Meno i corsi serali.</p>" in preview
    assert "Aprire i cortili alle famiglie." in preview
    assert preview.count("Testo non ancora scritto.") == 2 * 7 - 3
    assert third_title in preview
    full_preview = client.get(reverse("bilancio_sociale:preview", args=[edition.pk]))
    assert "Aprire i cortili alle famiglie." in full_preview.content.decode()

    # the whole cycle to publication
    services.edition_open_consultation(edition=edition, by=staff)
    fill_monitoring(edition, staff)
    services.edition_approve(
        edition=edition, decision=make_decision("indirizzo", by=staff, edition=edition), by=staff
    )
    version = services.edition_publish(edition=edition, by=staff)
    assert version.texts[f"{SECTION}/{second}/{OBIETTIVI}"] == "Aprire i cortili alle famiglie."
    page = Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    html = page.content.decode()
    assert "Ridurre l&#x27;isolamento &lt;b&gt;degli anziani&lt;/b&gt;." in html
    assert "Aprire i cortili alle famiglie." in html
    # citizens read only what was written: no placeholder, no empty sub-heading
    assert "Testo non ancora scritto" not in html
    assert f'id="s-{SECTION}-{first}"' in html and f'id="s-{SECTION}-{second}"' in html
    assert f'id="s-{SECTION}-{third}"' not in html
    assert html.count("Cosa ha funzionato e cosa no") == 1

    # a published edition's texts never change
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    refused = client.post(
        _edit_url(edition),
        {"body": "Riscritto.", f"{first}__{OBIETTIVI}": "Riscritto."},
        follow=True,
    )
    assert "non può essere modificata" in refused.content.decode()
    with pytest.raises(EditionImmutableError):
        services.section_text_save(
            edition=edition,
            section_key=SECTION,
            sub_key=f"{first}/{OBIETTIVI}",
            body="Riscritto.",
            by=staff,
        )
    row = SectionText.objects.get(edition=edition, sub_key=f"{first}/{OBIETTIVI}")
    row.body = "Riscritto."
    with pytest.raises(EditionImmutableError):
        row.save()
    assert services.texts_of(edition)[f"{SECTION}/{first}/{OBIETTIVI}"].startswith("Ridurre")
    assert "Riscritto" not in Client().get(page.request["PATH_INFO"]).content.decode()


def test_unknown_part_or_section_refused(edition, staff):
    slug = narrative.current_azioni()[0][0]
    for section_key, sub in [
        (SECTION, f"non-esiste/{OBIETTIVI}"),
        (SECTION, f"{slug}/altro"),
        (SECTION, slug),
        ("citta", f"{slug}/{OBIETTIVI}"),
    ]:
        with pytest.raises(ValidationError):
            services.section_text_save(
                edition=edition, section_key=section_key, sub_key=sub, body="x", by=staff
            )
    assert not SectionText.objects.filter(edition=edition).exists()


def _snapshot_with_azioni() -> dict:
    snapshot = crafted_snapshot("bilancio-2017")
    snapshot["sections"] += [
        {
            "key": "identita",
            "title": "Identità",
            "blocks": [
                {
                    "key": "azioni",
                    "title": "Le sette azioni",
                    "data": {
                        "kind": "table",
                        "columns": [
                            {"key": "numero", "label": "N.", "type": "number"},
                            {"key": "nome", "label": "Azione", "type": "text"},
                        ],
                        "rows": [
                            {"_key": "governance", "numero": 1, "nome": "Governance"},
                            {"_key": "abitare", "numero": 2, "nome": "Abitare insieme"},
                        ],
                    },
                }
            ],
        },
        {
            "key": SECTION,
            "title": "Obiettivi e attività per cantiere",
            "blocks": [{"key": "per-cantiere", "title": "Per cantiere", "data": {"kind": "empty"}}],
        },
    ]
    return snapshot


def test_pdf_and_web_templates_show_the_written_texts_only():
    texts = {
        f"{SECTION}/abitare/{OBIETTIVI}": "Case condivise per giovani coppie.",
        f"{SECTION}/abitare/{FUNZIONATO}": "La portineria sociale ha funzionato.",
    }
    document = build_document(
        snapshot=_snapshot_with_azioni(), texts=texts, title="Bilancio", period_label="2017"
    )
    section = next(s for s in document.sections if s.key == SECTION)
    assert [a.title for a in section.azioni] == ["1. Governance", "2. Abitare insieme"]
    web = render_to_string("bilancio_sociale/_document.html", {"document": document})
    assert "2. Abitare insieme" in web and "Case condivise per giovani coppie." in web
    assert "1. Governance</h3>" not in web and "Testo non ancora scritto" not in web
    draft = render_to_string(
        "bilancio_sociale/_document.html", {"document": document, "draft": True}
    )
    assert "1. Governance</h3>" in draft and draft.count("Testo non ancora scritto.") == 2

    from bilancio_sociale.pdf import render_document_pdf

    pdf, _pages = render_document_pdf(document)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Obiettivi e contesto" in text and "Case condivise per giovani coppie." in text
    assert "Cosa ha funzionato e cosa no" in text and "La portineria sociale" in text
    assert "Testo non ancora scritto" not in text


def test_edition_without_per_azione_texts_reads_as_before():
    document = build_document(
        snapshot=_snapshot_with_azioni(), texts={}, title="Bilancio", period_label="2017"
    )
    web = render_to_string("bilancio_sociale/_document.html", {"document": document})
    assert "Obiettivi e contesto" not in web and "azioni-narrative" not in web
