"""The edition's cycle: draft → consultation (frozen data) → approved → published (immutable)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bilancio_sociale import services
from bilancio_sociale.models import (
    Edition,
    EditionImmutableError,
    EditionStatus,
    SectionText,
    Snapshot,
)
from bilancio_sociale.registry import sections
from territori.models import PopolazioneQuartiere, Quartiere
from tests.bilancio_sociale.factories import fill_monitoring, make_decision


def _block(snapshot: Snapshot, section: str, block: str) -> dict:
    for s in snapshot.data["sections"]:
        if s["key"] == section:
            for b in s["blocks"]:
                if b["key"] == block:
                    return b["data"]
    raise AssertionError(f"{section}.{block} missing")


def _residents(snapshot: Snapshot) -> int:
    return _block(snapshot, "citta", "zone")["totals"]["residenti"]


def test_whole_cycle_with_frozen_data(edition, staff):
    quartiere = Quartiere.objects.order_by("pk").first()
    PopolazioneQuartiere.objects.update_or_create(
        quartiere=quartiere, year=2017, defaults={"residents": 5000}
    )
    services.section_text_save(
        edition=edition, section_key="citta", body="La città <b>cresce</b>.", by=staff
    )
    services.edition_open_consultation(edition=edition, by=staff)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTATION
    first = edition.snapshots.get()
    # every registered section was called once and stored
    assert [s["key"] for s in first.data["sections"]] == [s.key for s in sections()]
    before = _residents(first)

    # a later correction of the data does not change the frozen snapshot...
    PopolazioneQuartiere.objects.filter(quartiere=quartiere, year=2017).update(residents=6000)
    page = Client()
    page.force_login(staff)
    html = page.get(reverse("bilancio_sociale:preview", args=[edition.pk])).content.decode()
    assert f"{before:,}".replace(",", ".") in html
    # ...until staff refresh it, which is logged with the blocks that changed
    with pytest.raises(ValidationError):
        services.snapshot_refresh(edition=edition, by=staff, reason="  ")
    services.snapshot_refresh(edition=edition, by=staff, reason="Popolazione corretta")
    latest = edition.snapshots.order_by("-taken_at", "-pk").first()
    assert _residents(latest) == before + 1000
    log = edition.snapshot_logs.order_by("-pk").first()
    assert log.action == "refresh" and log.by == staff and "citta.zone" in log.changed_blocks
    assert _residents(Snapshot.objects.get(pk=first.pk)) == before

    # publishing before the council's approval is refused, in Italian
    with pytest.raises(ValidationError, match="non ha approvato"):
        services.edition_publish(edition=edition, by=staff)
    fill_monitoring(edition, staff)
    # approval needs a decision of the Consiglio di indirizzo
    with pytest.raises(ValidationError):
        services.edition_approve(edition=edition, decision=make_decision("progetto"), by=staff)
    decision = make_decision("indirizzo", by=staff, edition=edition)
    services.edition_approve(edition=edition, decision=decision, by=staff)
    version = services.edition_publish(edition=edition, by=staff)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED and edition.approval_decision == decision
    assert version.number == 1 and version.texts["citta"] == "La città <b>cresce</b>."
    # the participation section was refreshed at publication, the rest kept frozen
    assert _residents(version.snapshot) == before + 1000
    assert _block(version.snapshot, "partecipazione", "sintesi")["kind"] == "table"

    # the public page escapes the staff text
    public = Client().get(reverse("bilancio_sociale:edition_detail", args=[edition.slug]))
    assert "La città &lt;b&gt;cresce&lt;/b&gt;." in public.content.decode()


@pytest.fixture
def published(edition, staff):
    services.edition_open_consultation(edition=edition, by=staff)
    fill_monitoring(edition, staff)
    services.edition_approve(
        edition=edition, decision=make_decision(by=staff, edition=edition), by=staff
    )
    services.edition_publish(edition=edition, by=staff)
    edition.refresh_from_db()
    return edition


def test_published_edition_is_immutable(published, staff):
    with pytest.raises(EditionImmutableError, match="pubblicata"):
        services.section_text_save(edition=published, section_key="citta", body="x", by=staff)
    with pytest.raises(EditionImmutableError):
        services.edition_update(
            edition=published, by=staff, title="Altro", consultation_closes_on=None
        )
    with pytest.raises(EditionImmutableError):
        services.snapshot_refresh(edition=published, by=staff, reason="x")
    with pytest.raises(EditionImmutableError):
        services.edition_publish(edition=published, by=staff)
    # model level: no code path can change it
    published.title = "Cambiato"
    with pytest.raises(EditionImmutableError):
        published.save()
    with pytest.raises(EditionImmutableError):
        published.delete()
    snapshot = published.snapshots.first()
    snapshot.data = {}
    with pytest.raises(EditionImmutableError):
        snapshot.save()
    with pytest.raises(EditionImmutableError):
        SectionText.objects.create(edition=published, section_key="glossario", body="x")
    version = published.versions.get()
    version.texts = {"citta": "riscritto"}
    with pytest.raises(EditionImmutableError):
        version.save()
    assert Edition.objects.get(pk=published.pk).title == "Bilancio Sociale 2017"


def test_staff_edit_of_published_shows_italian_message(published, staff):
    client = Client()
    client.force_login(staff)
    response = client.post(
        reverse("bilancio_sociale:section_edit", args=[published.pk, "citta"]),
        {"body": "nuovo"},
        follow=True,
    )
    assert "è pubblicata e non può essere modificata" in response.content.decode()


def test_publish_not_approved_via_page_shows_message(edition, staff):
    services.edition_open_consultation(edition=edition, by=staff)
    client = Client()
    client.force_login(staff)
    response = client.post(reverse("bilancio_sociale:publish", args=[edition.pk]), follow=True)
    assert "Consiglio di indirizzo non ha approvato" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CONSULTATION and not edition.versions.exists()


def test_section_without_data_says_so(edition, staff):
    client = Client()
    client.force_login(staff)
    html = client.get(
        reverse("bilancio_sociale:section_preview", args=[edition.pk, "obiettivi-miglioramento"])
    ).content.decode()
    assert "non sono dati registrati" in html


def test_public_pages_pinned_queries(published, django_assert_num_queries):
    """(first request, the next one): the rendered document of a published version is cached
    on the version and the earlier editions beside it (bilancio_sociale/page_cache.py), so
    the next request reads only which versions those are (issue 14)."""
    client = Client()
    pins = {"edition_detail": (8, 4), "in_breve": (8, 4), "open_data": (3, 3)}
    for name, pair in pins.items():
        for pin in pair:
            with django_assert_num_queries(pin):
                assert (
                    client.get(
                        reverse(f"bilancio_sociale:{name}", args=[published.slug])
                    ).status_code
                    == 200
                )
    for pin in (8, 2):
        with django_assert_num_queries(pin):
            assert client.get(reverse("bilancio_sociale:compare")).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(reverse("bilancio_sociale:edition_list")).status_code == 200
