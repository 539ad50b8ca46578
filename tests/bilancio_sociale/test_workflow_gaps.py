"""Workflow rules a user notices: answers before approval, approved content frozen, the approval
shown to citizens, corrections of figures, one edition per period, the consultation's closing
date and how many earlier editions the figures show."""

from __future__ import annotations

import html
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilancio_sociale import selectors, services
from bilancio_sociale.models import (
    Edition,
    EditionStatus,
    EditionVersion,
    Moderation,
    Outcome,
    SnapshotLog,
)
from bilancio_sociale.registry import Period
from tests.bilancio_sociale.factories import (
    attach_fake_pdf,
    crafted_snapshot,
    fill_monitoring,
    make_contribution,
    make_decision,
    make_edition,
)
from tests.conftest import require_service


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_staff(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def consultation(staff):
    return make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.CONSULTATION, by=staff
    )


def _note(period: Period) -> str:
    figures = selectors.participation_figures(period)
    assert figures is not None
    return figures["summary"]["note"]


def _approve(edition, staff):
    fill_monitoring(edition, staff)
    return services.edition_approve(
        edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
    )


# 1. every contribution is moderated and answered before approval and publication ------------


def test_approval_and_publication_wait_for_every_answer(consultation, staff, client_staff):
    contribution = make_contribution(consultation)  # confirmed, waiting for moderation
    make_contribution(consultation, moderation=Moderation.UNCONFIRMED)  # never confirmed: ignored
    period = Period(start=consultation.period_start, end=consultation.period_end)
    note = _note(period)
    assert "1 contributo attende ancora la moderazione o una risposta." in note
    assert "Ogni contributo ha ricevuto una risposta pubblica" not in note

    fill_monitoring(consultation, staff)
    decision = make_decision(by=staff, edition=consultation)
    response = client_staff.post(
        reverse("bilancio_sociale:approve", args=[consultation.pk]), {"decision": decision.pk}
    )
    assert response.status_code == 400
    assert (
        "Non si può registrare l'approvazione: 1 contributo attende ancora la moderazione o una "
        "risposta (1 da moderare, 0 senza risposta)." in _text(response)
    )

    services.contribution_moderate(contribution=contribution, publish=True, by=staff)
    with pytest.raises(ValidationError, match="0 da moderare, 1 senza risposta"):
        services.edition_approve(edition=consultation, decision=decision, by=staff)

    services.contribution_answer(
        contribution=contribution, outcome=Outcome.ACCEPTED, answer="Grazie.", by=staff
    )
    note = _note(period)
    assert "Ogni contributo ha ricevuto una risposta pubblica." in note
    services.edition_approve(edition=consultation, decision=decision, by=staff)

    # a citizen confirms a contribution sent before the approval: publication waits for it
    late = make_contribution(consultation, moderation=Moderation.PENDING, text="Arrivato tardi.")
    response = client_staff.post(
        reverse("bilancio_sociale:publish", args=[consultation.pk]), follow=True
    )
    assert "Non si può pubblicare l'edizione: 1 contributo attende ancora" in _text(response)
    consultation.refresh_from_db()
    assert consultation.status == EditionStatus.APPROVED and not consultation.versions.exists()

    services.contribution_moderate(contribution=late, publish=False, by=staff)
    version = services.edition_publish(edition=consultation, by=staff)
    assert version.number == 1


# 2. once approved, texts and data do not change; "Riporta in consultazione" ----------------


def test_approved_edition_is_frozen_until_sent_back_to_consultation(
    consultation, staff, client_staff
):
    _approve(consultation, staff)
    with pytest.raises(ValidationError, match="approvata dal Consiglio di indirizzo"):
        services.section_text_save(edition=consultation, section_key="citta", body="x", by=staff)
    with pytest.raises(ValidationError, match="testi e dati non si modificano più"):
        services.snapshot_refresh(edition=consultation, by=staff, reason="Dati corretti")
    snapshots = consultation.snapshots.count()

    response = client_staff.post(
        reverse("bilancio_sociale:section_edit", args=[consultation.pk, "citta"]),
        {"body": "Testo cambiato dopo l'approvazione"},
        follow=True,
    )
    page = _text(response)
    assert "Questa edizione è stata approvata dal Consiglio di indirizzo" in page
    assert "Riporta in consultazione" in page
    assert not consultation.texts.filter(section_key="citta").exists()
    assert consultation.snapshots.count() == snapshots

    url = reverse("bilancio_sociale:reopen_consultation", args=[consultation.pk])
    page = _text(client_staff.post(url, {"reason": "  "}, follow=True))
    assert "Indica il motivo per cui l'edizione torna in consultazione." in page
    consultation.refresh_from_db()
    assert consultation.status == EditionStatus.APPROVED

    page = _text(client_staff.post(url, {"reason": "Dati del 2019 corretti"}, follow=True))
    assert "Edizione riportata in consultazione: servirà una nuova approvazione." in page
    consultation.refresh_from_db()
    assert consultation.status == EditionStatus.CONSULTATION
    assert consultation.approval_decision is None and consultation.approved_at is None
    log = SnapshotLog.objects.filter(edition=consultation).order_by("-pk").first()
    assert log is not None
    assert (log.action, log.reason, log.by) == ("reopen", "Dati del 2019 corretti", staff)
    assert SnapshotLog.objects.filter(edition=consultation, action="approve").exists()

    # editable again, and a new approval is needed before publication
    services.section_text_save(edition=consultation, section_key="citta", body="Nuovo", by=staff)
    services.snapshot_refresh(edition=consultation, by=staff, reason="Dati corretti")
    with pytest.raises(ValidationError, match="non ha approvato"):
        services.edition_publish(edition=consultation, by=staff)
    # only an approved edition goes back
    with pytest.raises(ValidationError, match="solo un'edizione approvata"):
        services.edition_reopen_consultation(edition=consultation, by=staff, reason="x")


# 3. the approval decision is public (page and PDF) ---------------------------------------


def _published_with_approval(staff, *, minutes_approved: bool) -> Edition:
    from consigli.models import Minutes, MinutesStatus

    edition = make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.PUBLISHED, by=staff
    )
    decision = make_decision(by=staff, edition=edition)
    if minutes_approved:
        Minutes.objects.create(
            meeting=decision.agenda_item.meeting,
            text="Verbale.",
            status=MinutesStatus.APPROVED,
            approved_at=timezone.now(),
        )
    Edition.objects.filter(pk=edition.pk).update(approval_decision=decision)
    edition.refresh_from_db()
    return edition


def test_public_page_and_pdf_show_the_approval(staff):
    edition = _published_with_approval(staff, minutes_approved=True)
    assert edition.approval_decision is not None
    meeting = edition.approval_decision.agenda_item.meeting
    when = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y")
    page = _text(Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug])))
    approved = "Approvato dal Consiglio di indirizzo nella riunione «Riunione di approvazione»"
    assert f"{approved} del {when}." in page
    assert "Il Consiglio approva il Bilancio Sociale." in page
    minutes_url = reverse("consigli:public_minutes", args=["indirizzo", meeting.minutes.pk])
    assert minutes_url in page
    assert Client().get(minutes_url).status_code == 200

    # the PDF's cover carries the same line
    version = edition.versions.get()
    document = selectors.document_for_version(version, with_charts=False)
    cover = render_to_string(
        "bilancio_sociale/pdf/document.html", {"document": document, "body": "", "lang": "it"}
    )
    assert "Approvato dal Consiglio di indirizzo nella riunione «Riunione di approvazione»" in (
        html.unescape(cover)
    )


def test_approval_of_unpublished_minutes_shows_only_the_meeting(staff):
    edition = _published_with_approval(staff, minutes_approved=False)
    page = _text(Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug])))
    assert "Approvato dal Consiglio di indirizzo nella riunione «Riunione di approvazione»" in page
    assert "Il Consiglio approva il Bilancio Sociale." not in page  # minutes not public yet
    assert reverse("consigli:public_detail", args=["indirizzo"]) in page


# 4. a correction can fix a figure: new snapshot for the new version only -------------------


def test_correction_with_new_data_leaves_earlier_versions_untouched(staff, client_staff):
    edition = make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.PUBLISHED, by=staff
    )
    first = edition.versions.get()
    attach_fake_pdf(first)
    first.refresh_from_db()
    before = (first.snapshot_id, first.pdf.name, first.pdf_sha256)

    url = reverse("bilancio_sociale:correction", args=[edition.pk])
    assert "Aggiorna anche i dati" in _text(client_staff.get(url))
    response = client_staff.post(
        url, {"erratum": "Corretto il numero dei volontari.", "refresh_data": "on"}
    )
    assert response.status_code == 302
    second = edition.versions.get(number=2)
    assert second.snapshot_id != first.snapshot_id
    # the new snapshot has the period's data as computed now (every registered section)
    assert {s["key"] for s in second.snapshot.data["sections"]} >= {"citta", "partecipazione"}
    assert second.snapshot.data != crafted_snapshot("bilancio-2019")
    log = SnapshotLog.objects.get(edition=edition, snapshot=second.snapshot)
    assert log.action == "correction" and "Corretto il numero dei volontari." in log.reason

    first = EditionVersion.objects.get(pk=first.pk)
    assert (first.snapshot_id, first.pdf.name, first.pdf_sha256) == before
    assert first.snapshot.data == crafted_snapshot("bilancio-2019")

    # without the box, the correction keeps the data of the last version
    third = services.edition_publish_correction(edition=edition, erratum="Refuso.", by=staff)
    assert third.snapshot_id == second.snapshot_id


# 5. one edition per period ----------------------------------------------------------------


def test_edition_whose_period_overlaps_another_is_refused(staff, client_staff):
    services.edition_create(
        title="Bilancio Sociale 2019",
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        by=staff,
    )
    response = client_staff.post(
        reverse("bilancio_sociale:staff_list"),
        {
            "title": "Secondo semestre 2019",
            "period_start": "2019-07-01",
            "period_end": "2020-06-30",
        },
    )
    assert response.status_code == 400
    assert (
        "Il periodo si sovrappone a quello dell'edizione «Bilancio Sociale 2019» "
        "(01/01/2019 – 31/12/2019): ogni periodo ha una sola edizione." in _text(response)
    )
    assert response.context["form"].errors["period_start"]
    assert not Edition.objects.filter(title="Secondo semestre 2019").exists()
    # the next period is fine
    services.edition_create(
        title="Bilancio Sociale 2020",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        by=staff,
    )


# 6. after the closing date no more contributions ----------------------------------------------


def test_no_contributions_after_the_closing_date(consultation, world):
    today = timezone.localdate()
    Edition.objects.filter(pk=consultation.pk).update(consultation_closes_on=today)
    consultation.refresh_from_db()
    # the closing day itself is still open
    services.contribution_submit(
        edition=consultation,
        section_key="citta",
        text="Ultimo giorno.",
        user=world.users["council"],
        consent=True,
    )

    yesterday = today - timedelta(days=1)
    Edition.objects.filter(pk=consultation.pk).update(consultation_closes_on=yesterday)
    consultation.refresh_from_db()
    closed = (
        f"La consultazione si è chiusa il {yesterday:%d/%m/%Y}: non si accettano più contributi."
    )
    with pytest.raises(ValidationError, match="non si accettano più contributi"):
        services.contribution_submit(
            edition=consultation,
            section_key="citta",
            text="Troppo tardi.",
            user=world.users["council"],
            consent=True,
        )
    page = _text(Client().get(reverse("bilancio_sociale:consultation", args=[consultation.slug])))
    assert closed in page and "Scrivi un contributo" not in page

    url = reverse("bilancio_sociale:contribute", args=[consultation.slug])
    assert closed in _text(Client().get(url))
    response = Client().post(
        url,
        {
            "section_key": "citta",
            "text": "Troppo tardi.",
            "email": "tardi@example.org",
            "consent": "on",
        },
    )
    assert response.status_code == 400 and closed in _text(response)
    assert not consultation.contributions.filter(text="Troppo tardi.").exists()


# 7. how many earlier editions the figures show ---------------------------------------------


def test_figures_show_the_configured_number_of_earlier_editions(staff, settings):
    for year in range(2010, 2015):
        make_edition(
            slug=f"bilancio-{year}",
            year=year,
            status=EditionStatus.PUBLISHED,
            by=staff,
            snapshot=crafted_snapshot(f"bilancio-{year}", base=year),
        )
    current = make_edition(
        slug="bilancio-2015", year=2015, status=EditionStatus.PUBLISHED, by=staff
    )
    url = reverse("bilancio_sociale:edition_detail", args=[current.slug])
    # earlier published editions: 2010–2014 and the world's 2006
    assert settings.BILANCIO_PREVIOUS_EDITIONS == 3
    page = _text(Client().get(url))
    assert (
        "Accanto a ogni dato sono indicati i valori delle 3 edizioni precedenti "
        "(2014, 2013, 2012)." in page
    )
    assert "Le edizioni precedenti sono 6: tutte si confrontano nella pagina" in page
    assert "2014: 6.335" in page and "2011:" not in page

    settings.BILANCIO_PREVIOUS_EDITIONS = 10
    page = _text(Client().get(url))
    assert "valori delle 6 edizioni precedenti (2014, 2013, 2012, 2011, 2010, 2006)." in page
    assert "Le edizioni precedenti sono" not in page
    assert "2010: 6.331" in page


def test_correction_can_replace_a_per_azione_text(staff, client_staff):
    """A published edition's per-azione text is corrected by a new version; the old one stays."""
    edition = make_edition(
        slug="bilancio-2019", year=2019, status=EditionStatus.PUBLISHED, by=staff
    )
    first = edition.versions.get()
    # test setup straight in the database (a published version is immutable through the ORM)
    EditionVersion.objects.filter(pk=first.pk).update(
        texts={"obiettivi-attivita/poverta/cosa-ha-funzionato": "Testo con un errore."}
    )
    data = first.snapshot.data
    data["sections"].append(
        {
            "key": "obiettivi-attivita",
            "title": "Obiettivi e attività per cantiere",
            "blocks": [
                {
                    "key": "per-cantiere",
                    "title": "Per cantiere",
                    "data": {
                        "kind": "table",
                        "rows": [{"_key": "poverta", "azione": "2. Povertà"}],
                    },
                }
            ],
        }
    )
    type(first.snapshot).objects.filter(pk=first.snapshot_id).update(data=data)
    url = reverse("bilancio_sociale:correction", args=[edition.pk])
    key = "obiettivi-attivita/poverta/cosa-ha-funzionato"
    assert "2. Povertà › Cosa ha funzionato e cosa no" in _text(client_staff.get(url))
    response = client_staff.post(
        url,
        {
            "erratum": "Corretto il testo sul cantiere povertà.",
            "section_key": key,
            "body": "Testo corretto.",
        },
    )
    assert response.status_code == 302
    assert edition.versions.get(number=2).texts[key] == "Testo corretto."
    assert EditionVersion.objects.get(pk=first.pk).texts[key] == "Testo con un errore."
    with pytest.raises(ValidationError, match="Sezione sconosciuta"):
        services.edition_publish_correction(
            edition=edition,
            erratum="Azione inesistente.",
            by=staff,
            texts={"obiettivi-attivita/nessuna/cosa-ha-funzionato": "x"},
        )


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_editions_created_at_the_same_moment_one_is_refused(staff):
    """Staff member A creates 2019 and has not committed yet when B creates 2019-07..2020-06:
    B waits for A and is then refused (the overlap check alone could not see A's row)."""
    import threading

    from django.conf import settings
    from django.db import connection, transaction

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("PostgreSQL (DATABASE_URL)", "", 5432)
    a_created, b_started = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.edition_create(
                    title="Bilancio 2019",
                    period_start=date(2019, 1, 1),
                    period_end=date(2019, 12, 31),
                    by=staff,
                )
                a_created.set()
                b_started.wait(10)
                time.sleep(0.5)  # B is now waiting on the lock (or wrongly past the check)
            outcome["a"] = "created"
        finally:
            connection.close()

    def second() -> None:
        try:
            a_created.wait(10)
            b_started.set()
            services.edition_create(
                title="Bilancio 2019-2020",
                period_start=date(2019, 7, 1),
                period_end=date(2020, 6, 30),
                by=staff,
            )
            outcome["b"] = "created"
        except ValidationError as exc:
            outcome["b"] = " ".join(exc.messages)
        except Exception as exc:  # e.g. a clash on the slug: the race was not prevented
            outcome["b"] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcome["a"] == "created"
    assert "si sovrappone" in outcome["b"]
    assert Edition.objects.filter(period_end__gte=date(2019, 1, 1)).count() == 1
