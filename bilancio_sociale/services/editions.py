"""Writes of an edition before publication: create, update, section texts, monitoring."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _g

from .. import monitoring, narrative
from ..collect import texts_of
from ..models import (
    Edition,
    SectionText,
)
from ..registry import get_section
from .guards import RESERVED_SLUGS, _refuse_if_approved

# --- editions -------------------------------------------------------------------------------


def _lock_edition_periods() -> None:
    """Serialise the creation of editions until the transaction ends, so two staff members
    creating overlapping editions at the same moment cannot both pass the overlap check
    (select_for_update cannot lock rows that do not exist yet). SQLite serialises writes anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EDITION_PERIODS_LOCK])


EDITION_PERIODS_LOCK = 6_100_2019  # an arbitrary application-wide advisory lock key


@transaction.atomic
def edition_create(
    *, title: str, period_start: date, period_end: date, by: Any, slug: str = ""
) -> Edition:
    if period_end < period_start:
        raise ValidationError({"period_end": _g("La fine del periodo precede l'inizio.")})
    _lock_edition_periods()
    overlapping = (
        Edition.objects.filter(period_start__lte=period_end, period_end__gte=period_start)
        .order_by("period_start")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "period_start": _g(
                    "Il periodo si sovrappone a quello dell'edizione «%(title)s» (%(start)s – "
                    "%(end)s): ogni periodo ha una sola edizione."
                )
                % {
                    "title": overlapping.title,
                    "start": overlapping.period_start.strftime("%d/%m/%Y"),
                    "end": overlapping.period_end.strftime("%d/%m/%Y"),
                }
            }
        )
    slug = slugify(slug) or slugify(f"bilancio-{period_start.year}") or "bilancio"
    base, n = slug, 2
    while slug in RESERVED_SLUGS or Edition.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return Edition.objects.create(
        slug=slug, title=title, period_start=period_start, period_end=period_end, created_by=by
    )


@transaction.atomic
def edition_update(
    *, edition: Edition, by: Any, title: str, consultation_closes_on: Any
) -> Edition:
    _refuse_if_approved(edition)
    edition.title = title
    edition.consultation_closes_on = consultation_closes_on
    edition.save(update_fields=["title", "consultation_closes_on"])
    return edition


def section_text_save(
    *, edition: Edition, section_key: str, body: str, by: Any, sub_key: str = ""
) -> SectionText:
    """Save a section's text, or with `sub_key` one part of it (a per-azione text of
    "obiettivi-attivita", see narrative.py)."""
    _refuse_if_approved(edition)
    azioni = narrative.current_azioni() if sub_key else []
    return _text_save(edition, section_key, sub_key, body, by, azioni)


def _text_save(
    edition: Edition,
    section_key: str,
    sub_key: str,
    body: str,
    by: Any,
    azioni: list[tuple[str, str]],
) -> SectionText:
    """Validate and store one text; the caller has checked that the edition may change."""
    if get_section(section_key) is None:
        raise ValidationError(_g("Sezione sconosciuta."))
    if sub_key and not (
        narrative.valid_sub_key(section_key, sub_key, azioni)
        or monitoring.valid_sub_key(section_key, sub_key)
    ):
        raise ValidationError(_g("Parte della sezione sconosciuta."))
    if len(body) > 20000:
        raise ValidationError({"body": _g("Il testo è troppo lungo (massimo 20.000 caratteri).")})
    text, _created = SectionText.objects.get_or_create(
        edition=edition, section_key=section_key, sub_key=sub_key
    )
    text.body = body.replace("\r\n", "\n").strip()
    text.updated_by = by
    text.save()
    return text


@transaction.atomic
def section_texts_save(
    *, edition: Edition, section_key: str, body: str, parts: dict[str, str], by: Any
) -> None:
    """Save a section's text and its parts ({sub_key: body}) together, all or nothing. An empty
    part that was never written creates no row. The edition and the actions are checked once."""
    _refuse_if_approved(edition)
    azioni = narrative.current_azioni()
    _text_save(edition, section_key, "", body, by, azioni)
    existing = set(
        edition.texts.filter(section_key=section_key)
        .exclude(sub_key="")
        .values_list("sub_key", flat=True)
    )
    for sub, part_body in parts.items():
        if part_body.strip() or sub in existing:
            _text_save(edition, section_key, sub, part_body, by, azioni)


MONITORING_MAX_LENGTH = 5000


@transaction.atomic
def monitoring_save(
    *,
    edition: Edition,
    by: Any,
    body: str = "",
    members: str = "",
    on: date | None = None,
    attestation: str = "",
    remarks: str = "",
    not_required: bool = False,
    not_required_reason: str = "",
) -> monitoring.Monitoring:
    """Section 8 (DM 4/7/2019): the control body's monitoring, or why there is no such body.

    Stored as the texts of the section "monitoraggio" (see monitoring.py), so it is frozen with
    the edition like every other text; refused once the edition is approved. A partial entry
    may be saved; the approval checks that it is complete (`_refuse_if_monitoring_missing`)."""
    _refuse_if_approved(edition)
    clean = {
        monitoring.ORGANO: (body or "").strip(),
        monitoring.COMPONENTI: (members or "").strip(),
        monitoring.DATA: on.isoformat() if on else "",
        monitoring.ATTESTAZIONE: (attestation or "").strip(),
        monitoring.OSSERVAZIONI: (remarks or "").strip(),
        monitoring.NON_RICHIESTO: (not_required_reason or "").strip() if not_required else "",
    }
    errors: dict[str, str] = {}
    if not_required and not clean[monitoring.NON_RICHIESTO]:
        errors["not_required_reason"] = _g(
            "Spiega perché per questa edizione l'organo di controllo non è previsto."
        )
    if on is not None and on < edition.period_end:
        errors["on"] = _g(
            "Il monitoraggio si svolge dopo la fine del periodo rendicontato (%(end)s)."
        ) % {"end": edition.period_end.strftime("%d/%m/%Y")}
    if on is not None and on > timezone.localdate():
        errors["on"] = _g("La data del monitoraggio non può essere nel futuro.")
    field_names = {
        monitoring.ORGANO: "body",
        monitoring.COMPONENTI: "members",
        monitoring.ATTESTAZIONE: "attestation",
        monitoring.OSSERVAZIONI: "remarks",
        monitoring.NON_RICHIESTO: "not_required_reason",
    }
    for part, name in field_names.items():
        if len(clean[part]) > MONITORING_MAX_LENGTH:
            errors[name] = _g("Il testo è troppo lungo (massimo 5.000 caratteri).")
    if errors:
        raise ValidationError(errors)
    existing = set(
        edition.texts.filter(section_key=monitoring.SECTION).values_list("sub_key", flat=True)
    )
    for part, value in clean.items():
        if value or part in existing:
            _text_save(edition, monitoring.SECTION, part, value, by, [])
    return monitoring.from_texts(texts_of(edition))
