"""Crafted Bilancio Sociale objects for tests (snapshots with known figures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from bilancio_sociale.models import (
    AuthorKind,
    Contribution,
    Edition,
    EditionStatus,
    EditionVersion,
    Moderation,
    Snapshot,
)


def crafted_snapshot(slug: str, *, base: int = 0) -> dict[str, Any]:
    """A small snapshot with a people table (some small counts), figures and an empty block."""
    return {
        "edition": slug,
        "taken_at": "2018-01-15T10:00:00+00:00",
        "sections": [
            {
                "key": "citta",
                "title": "La città: dati di contesto",
                "order": 25,
                "blocks": [
                    {
                        "key": "zone",
                        "title": "Partecipanti per zona",
                        "data": {
                            "kind": "table",
                            "columns": [
                                {"key": "zona", "label": "Zona", "type": "text"},
                                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
                                {"key": "volontari", "label": "Volontari", "type": "people"},
                            ],
                            "rows": [
                                {
                                    "_key": "nord",
                                    "zona": "Nord",
                                    "partecipanti": 1234 + base,
                                    "volontari": 3,
                                },
                                {
                                    "_key": "sud",
                                    "zona": "Sud",
                                    "partecipanti": 876 + base,
                                    "volontari": 41,
                                },
                                {
                                    "_key": "est",
                                    "zona": "Est",
                                    "partecipanti": 512 + base,
                                    "volontari": 57,
                                },
                            ],
                            "totals": {"partecipanti": 2622 + 3 * base, "volontari": 101},
                            "chart": {"type": "bar", "x": "zona", "series": ["partecipanti"]},
                        },
                    },
                    {
                        "key": "sintesi",
                        "title": "In cifre",
                        "data": {
                            "kind": "figures",
                            "figures": [
                                {
                                    "key": "attivita",
                                    "label": "Attività approvate",
                                    "value": 4321 + base,
                                    "type": "number",
                                },
                                {
                                    "key": "disabili",
                                    "label": "Persone con disabilità coinvolte",
                                    "value": 7,
                                    "type": "people",
                                    "sensitive": True,
                                },
                            ],
                        },
                    },
                    {
                        "key": "vuoto",
                        "title": "Blocco senza dati",
                        "data": {"kind": "empty", "note": "Dati non ancora registrati."},
                    },
                ],
            },
        ],
    }


def make_edition(
    *,
    slug: str,
    year: int,
    status: str = EditionStatus.DRAFT,
    by: Any = None,
    snapshot: dict[str, Any] | None = None,
) -> Edition:
    edition = Edition.objects.create(
        slug=slug,
        title=f"Bilancio Sociale {year}",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        created_by=by,
    )
    if status != EditionStatus.DRAFT:
        Snapshot.objects.create(
            edition=edition,
            data=snapshot or crafted_snapshot(slug),
            taken_at=timezone.now(),
            taken_by=by,
        )
    if status == EditionStatus.PUBLISHED:
        EditionVersion.objects.create(
            edition=edition,
            number=1,
            snapshot=edition.snapshots.get(),
            texts={"citta": "Testo della città.\n\nSecondo paragrafo."},
            published_at=timezone.now(),
            published_by=by,
        )
    Edition.objects.filter(pk=edition.pk).update(status=status)
    edition.refresh_from_db()
    return edition


def make_contribution(
    edition: Edition,
    *,
    moderation: str = Moderation.PENDING,
    text: str = "Un commento.",
    token: str = "",
) -> Contribution:
    return Contribution.objects.create(
        edition=edition,
        section_key="citta",
        author_kind=AuthorKind.CITIZEN,
        email="cittadina@example.org",
        text=text,
        consent_at=timezone.now(),
        confirmed_at=None if moderation == Moderation.UNCONFIRMED else timezone.now(),
        moderation=moderation,
        confirm_token=token,
    )


def attach_fake_pdf(version: EditionVersion, content: bytes = b"%PDF-1.7\n%test\n") -> None:
    import hashlib

    from bilancio_sociale.services import _store_atomically

    name = _store_atomically(version, content)
    EditionVersion.objects.filter(pk=version.pk).update(
        pdf=name,
        pdf_sha256=hashlib.sha256(content).hexdigest(),
        pdf_size=len(content),
        pdf_pages=1,
    )


def make_decision(
    slug: str = "indirizzo", by: Any = None, edition: Edition | None = None, held: bool = True
) -> Any:
    """A decision approving `edition`, taken at a meeting held with quorum after its period."""
    from datetime import timedelta

    from bilancio_sociale.approval import edition_subject
    from consigli.models import (
        AgendaItem,
        Attendance,
        AttendanceStatus,
        Consiglio,
        CouncilMember,
        Decision,
        Meeting,
        MeetingStatus,
    )
    from tests.world import make_user

    council = Consiglio.objects.get(slug=slug)
    meeting = Meeting.objects.create(
        consiglio=council,
        title="Riunione di approvazione",
        starts_at=timezone.now() - timedelta(hours=2),
        status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
    )
    if held:
        seats = list(CouncilMember.objects.filter(consiglio=council))
        if not seats:
            n = Meeting.objects.count()
            seats = [
                CouncilMember.objects.create(
                    consiglio=council,
                    user=make_user(f"approva{n}.{i}.{slug}@example.org"),
                    category="esperto",
                    term_start=date(2015, 1, 1),
                )
                for i in range(3)
            ]
        for seat in seats:
            Attendance.objects.get_or_create(
                meeting=meeting, member=seat, defaults={"status": AttendanceStatus.PRESENT}
            )
    item = AgendaItem.objects.create(meeting=meeting, title="Approvazione del Bilancio Sociale")
    return Decision.objects.create(
        agenda_item=item,
        text="Il Consiglio approva il Bilancio Sociale.",
        created_by=by,
        subject=edition_subject(edition) if edition is not None else "",
    )


def fill_monitoring(edition: Edition, by: Any = None) -> None:
    """Section 8 (the control body's monitoring), which the approval requires."""
    from bilancio_sociale.services import monitoring_save

    monitoring_save(
        edition=edition,
        by=by,
        body="Organo di controllo",
        members="Maria Rossi, presidente",
        on=date(edition.period_end.year + 1, 3, 31),
        attestation="Il bilancio è conforme alle linee guida del DM 4 luglio 2019.",
    )
