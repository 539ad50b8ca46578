"""Every write of the Bilancio Sociale: editions, snapshots, texts, publication, contributions."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext

from citta_del_noi.accounts import roles
from citta_del_noi.common.storage import local_path, publish_bytes
from citta_del_noi.jobs.models import ACTIVE_STATUSES, Job
from citta_del_noi.jobs.queue import enqueue
from citta_del_noi.jobs.services import job_start
from citta_del_noi.notifications.links import portal_url
from citta_del_noi.notifications.services import notify
from citta_del_noi.privacy.validators import refuse_personal_data

from . import disclosure, monitoring, narrative
from .approval import approving_decision_check, refuse_if_already_approved
from .collect import collect_sections, texts_of
from .disclosure import current_thresholds
from .models import (
    COMMENT_MAX_LENGTH,
    AuthorKind,
    Contribution,
    Edition,
    EditionImmutableError,
    EditionStatus,
    EditionVersion,
    Moderation,
    Outcome,
    SectionText,
    Snapshot,
    SnapshotLog,
)
from .pdf import render_pdf
from .registry import Period, get_section
from .selectors import (
    consultation_closed,
    contributions_waiting,
    contributor_kind,
    disclosure_audit,
    previous_snapshot_data,
    section_titles,
)

# Enqueued by name (bilancio_sociale/tasks.py imports this module, not the reverse).
ANSWER_EMAIL_TASK = "bilancio_sociale.contribution_answer_email"

log = logging.getLogger(__name__)

PARTICIPATION_SECTION = "partecipazione"
# First path segments of /bilancio-sociale/ that are not editions.
RESERVED_SLUGS = {"gestione", "confronta", "consultazione", "contributi"}


def _refuse_if_published(edition: Edition) -> None:
    if Edition.objects.filter(pk=edition.pk, status=EditionStatus.PUBLISHED).exists():
        raise EditionImmutableError()


def _refuse_if_approved(edition: Edition) -> None:
    """Once the Consiglio di indirizzo approved it, texts and data stay as approved."""
    _refuse_if_published(edition)
    if Edition.objects.filter(pk=edition.pk, status=EditionStatus.APPROVED).exists():
        raise ValidationError(
            _g(
                "Questa edizione è stata approvata dal Consiglio di indirizzo: testi e dati non "
                "si modificano più. Per cambiarli riportala in consultazione (servirà una nuova "
                "approvazione)."
            )
        )


def _refuse_if_contributions_waiting(edition: Edition, *, publishing: bool) -> None:
    """Every contribution is moderated and answered before approval and publication."""

    waiting = contributions_waiting(edition)
    total = waiting["pending"] + waiting["unanswered"]
    if not total:
        return
    if publishing:
        message = ngettext(
            "Non si può pubblicare l'edizione: %(n)s contributo attende ancora la moderazione "
            "o una risposta (%(pending)s da moderare, %(unanswered)s senza risposta).",
            "Non si può pubblicare l'edizione: %(n)s contributi attendono ancora la moderazione "
            "o una risposta (%(pending)s da moderare, %(unanswered)s senza risposta).",
            total,
        )
    else:
        message = ngettext(
            "Non si può registrare l'approvazione: %(n)s contributo attende ancora la "
            "moderazione o una risposta (%(pending)s da moderare, %(unanswered)s senza "
            "risposta).",
            "Non si può registrare l'approvazione: %(n)s contributi attendono ancora la "
            "moderazione o una risposta (%(pending)s da moderare, %(unanswered)s senza "
            "risposta).",
            total,
        )
    raise ValidationError(message % {"n": total, **waiting})


def _refuse_if_disclosure_exposed(edition: Edition, *, publishing: bool) -> None:
    """No approval nor publication while the disclosure audit finds a hidden count of people
    that a reader could recompute from what the edition (and the earlier ones) publish."""

    audit = disclosure_audit(edition)
    if audit is None or audit.passed:
        return
    exposed = audit.exposed
    cells = "; ".join(f"{row.block}: {row.cell}" for row in exposed[:5])
    if publishing:
        message = ngettext(
            "Non si può pubblicare l'edizione: %(n)s conteggio riservato si può ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            "Non si può pubblicare l'edizione: %(n)s conteggi riservati si possono ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            len(exposed),
        )
    else:
        message = ngettext(
            "Non si può registrare l'approvazione: %(n)s conteggio riservato si può ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            "Non si può registrare l'approvazione: %(n)s conteggi riservati si possono "
            "ricalcolare dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            len(exposed),
        )
    raise ValidationError(message % {"n": len(exposed), "cells": cells})


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


def _refuse_if_monitoring_missing(edition: Edition) -> None:
    """Section 8 (DM 4/7/2019) before approval: the control body, the date and its attestation
    of compliance with the guidelines, or the reason why no control body is required."""
    if not monitoring.from_texts(texts_of(edition)).complete:
        raise ValidationError(
            _g(
                "Non si può registrare l'approvazione: manca la sezione «Monitoraggio svolto "
                "dall'organo di controllo» (organo, data e attestazione di conformità alle "
                "linee guida), oppure il motivo per cui l'organo di controllo non è previsto."
            )
        )


# --- snapshot -------------------------------------------------------------------------------


def _period(edition: Edition) -> Period:
    return Period(start=edition.period_start, end=edition.period_end)


def _changed_blocks(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    def index(data: dict[str, Any] | None) -> dict[str, Any]:
        return {
            f"{s['key']}.{b['key']}": b["data"]
            for s in (data or {}).get("sections", [])
            for b in s.get("blocks", [])
        }

    before, after = index(old), index(new)
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@transaction.atomic
def snapshot_take(
    *,
    edition: Edition,
    by: Any,
    action: str = "take",
    reason: str = "",
    only: set[str] | None = None,
) -> Snapshot:
    """Freeze the data. `only` recomputes some sections, keeping the others from the last one."""
    _refuse_if_published(edition)
    return _snapshot_create(edition=edition, by=by, action=action, reason=reason, only=only)


def _snapshot_create(
    *, edition: Edition, by: Any, action: str, reason: str, only: set[str] | None
) -> Snapshot:
    """A new snapshot row: earlier snapshots, and the versions that use them, never change."""
    started = time.monotonic()
    previous = edition.snapshots.order_by("-taken_at", "-pk").first()
    fresh = collect_sections(_period(edition), only=only)
    if only is not None and previous is not None:
        fresh_by_key = {s["key"]: s for s in fresh}
        merged = [fresh_by_key.pop(s["key"], s) for s in previous.data.get("sections", [])]
        merged.extend(fresh_by_key.values())
        fresh = sorted(merged, key=lambda s: (s.get("order", 0), s["key"]))
    now = timezone.now()
    data: dict[str, Any] = {
        "edition": edition.slug,
        "title": edition.title,
        "period": {
            "start": edition.period_start.isoformat(),
            "end": edition.period_end.isoformat(),
        },
        "taken_at": now.isoformat(),
        # Frozen with the data: the published outputs never change if the setting does.
        "disclosure": current_thresholds(),
        "sections": fresh,
    }
    # The hidden cells, decided edition-wide with the earlier editions beside it: frozen too, so
    # the pattern of a published edition never changes (and never differs between outputs).

    data["disclosure"]["hidden"] = disclosure.decide(data, previous_snapshot_data(edition))
    snapshot = Snapshot.objects.create(
        edition=edition,
        data=data,
        taken_at=now,
        taken_by=by,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    SnapshotLog.objects.create(
        edition=edition,
        snapshot=snapshot,
        action=action,
        reason=reason,
        by=by,
        changed_blocks=_changed_blocks(previous.data if previous else None, data),
    )
    return snapshot


@transaction.atomic
def edition_open_consultation(*, edition: Edition, by: Any) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(_g("La consultazione si può aprire solo su un'edizione in bozza."))
    edition.status = EditionStatus.CONSULTATION
    edition.consultation_opened_at = timezone.now()
    edition.save(update_fields=["status", "consultation_opened_at"])
    snapshot_take(
        edition=edition,
        by=by,
        action="take",
        reason=_g("Istantanea all'apertura della consultazione"),
    )
    return edition


def snapshot_refresh(*, edition: Edition, by: Any, reason: str) -> Snapshot:
    _refuse_if_approved(edition)
    if edition.status != EditionStatus.CONSULTATION:
        raise ValidationError(_g("I dati si congelano all'apertura della consultazione."))
    if not reason.strip():
        raise ValidationError({"reason": _g("Indica il motivo dell'aggiornamento.")})
    return snapshot_take(edition=edition, by=by, action="refresh", reason=reason.strip())


@transaction.atomic
def edition_approve(*, edition: Edition, decision: Any, by: Any, note: str = "") -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    refuse_if_already_approved(edition)  # the second of two staff approving at once
    if edition.status != EditionStatus.CONSULTATION:
        raise ValidationError(
            _g("Si può registrare l'approvazione solo di un'edizione in consultazione.")
        )
    if decision is None:
        raise ValidationError({"decision": _g("Indica la decisione del Consiglio di indirizzo.")})
    _refuse_if_contributions_waiting(edition, publishing=False)
    _refuse_if_monitoring_missing(edition)
    _refuse_if_disclosure_exposed(edition, publishing=False)
    approving_decision_check(edition, decision)
    edition.status = EditionStatus.APPROVED
    edition.approved_at = timezone.now()
    edition.approval_decision = decision
    edition.approval_note = note
    edition.save(update_fields=["status", "approved_at", "approval_decision", "approval_note"])
    _log_transition(
        edition,
        by=by,
        action="approve",
        reason=_g("Approvata dal Consiglio di indirizzo: %(decision)s")
        % {"decision": str(decision)},
    )
    return edition


def _log_transition(edition: Edition, *, by: Any, action: str, reason: str) -> None:
    """A change of state in the edition's register (next to the snapshots it concerns)."""
    snapshot = edition.snapshots.order_by("-taken_at", "-pk").first()
    if snapshot is not None:
        SnapshotLog.objects.create(
            edition=edition, snapshot=snapshot, action=action, reason=reason, by=by
        )
    log.info("Bilancio edition %s: %s (%s)", edition.pk, action, reason)


@transaction.atomic
def edition_reopen_consultation(*, edition: Edition, by: Any, reason: str) -> Edition:
    """Approved → consultation again: the approval is cleared and a new one is needed."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == EditionStatus.PUBLISHED:
        raise EditionImmutableError()
    if edition.status != EditionStatus.APPROVED:
        raise ValidationError(
            _g("Si può riportare in consultazione solo un'edizione approvata e non pubblicata.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _g("Indica il motivo per cui l'edizione torna in consultazione.")}
        )
    edition.status = EditionStatus.CONSULTATION
    edition.approved_at = None
    edition.approval_decision = None
    edition.approval_note = ""
    edition.save(update_fields=["status", "approved_at", "approval_decision", "approval_note"])
    _log_transition(edition, by=by, action="reopen", reason=reason)
    return edition


@transaction.atomic
def edition_publish(*, edition: Edition, by: Any) -> EditionVersion:
    """Approved → published: freeze the participation data, texts and snapshot as version 1."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == EditionStatus.PUBLISHED:
        raise EditionImmutableError(_g("Questa edizione è già pubblicata."))
    if edition.status != EditionStatus.APPROVED:
        raise ValidationError(
            _g("Non si può pubblicare un'edizione che il Consiglio di indirizzo non ha approvato.")
        )
    _refuse_if_contributions_waiting(edition, publishing=True)
    if get_section(PARTICIPATION_SECTION) is not None:
        snapshot = snapshot_take(
            edition=edition,
            by=by,
            action="participation",
            only={PARTICIPATION_SECTION},
            reason=_g("Esito della consultazione aggiunto alla pubblicazione"),
        )
    else:
        snapshot = edition.snapshots.order_by("-taken_at", "-pk").first() or snapshot_take(
            edition=edition, by=by
        )
    _refuse_if_disclosure_exposed(edition, publishing=True)
    now = timezone.now()
    version = EditionVersion.objects.create(
        edition=edition,
        number=1,
        snapshot=snapshot,
        texts=texts_of(edition),
        published_at=now,
        published_by=by,
    )
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = now
    edition.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def edition_publish_correction(
    *,
    edition: Edition,
    erratum: str,
    by: Any,
    texts: dict[str, str] | None = None,
    refresh_data: bool = False,
) -> EditionVersion:
    """A correction of a published edition: a new version with an erratum note.

    With `refresh_data` the new version gets a new snapshot of the period's data (logged with
    the erratum as its reason); the earlier versions keep their own snapshot, PDF and SHA-256.
    """
    if edition.status != EditionStatus.PUBLISHED:
        raise ValidationError(_g("Si corregge con una nuova versione solo un'edizione pubblicata."))
    erratum = erratum.strip()
    if not erratum:
        raise ValidationError({"erratum": _g("Scrivi la nota di errata corrige.")})
    last = edition.versions.select_for_update().order_by("-number").first()
    assert last is not None
    new_texts = dict(last.texts)
    azioni = narrative.azioni_from_snapshot(last.snapshot.data)
    for key, body in (texts or {}).items():
        section_key, _sep, sub = key.partition("/")
        if get_section(section_key) is None or (
            sub
            and not narrative.valid_sub_key(section_key, sub, azioni)
            and not monitoring.valid_sub_key(section_key, sub)
        ):
            raise ValidationError(_g("Sezione sconosciuta."))
        new_texts[key] = body.replace("\r\n", "\n").strip()
    snapshot = last.snapshot
    if refresh_data:
        snapshot = _snapshot_create(
            edition=edition,
            by=by,
            action="correction",
            reason=_g("Correzione (versione %(n)s): %(erratum)s")
            % {"n": last.number + 1, "erratum": erratum},
            only=None,
        )
    return EditionVersion.objects.create(
        edition=edition,
        number=last.number + 1,
        erratum=erratum,
        snapshot=snapshot,
        texts=new_texts,
        published_at=timezone.now(),
        published_by=by,
    )


# --- PDF ------------------------------------------------------------------------------------

BUILD_KIND = "bilancio_sociale.build_pdf"


def pdf_build_request(*, version: EditionVersion, by: Any) -> tuple[Any, bool]:
    """Start (or join) the PDF build of a version. Returns (job, already_running).

    Two presses never produce two builds: a queued or running build is returned as it is
    (and job_start(dedupe=True) makes the check race-safe in the database).
    """

    if version.pdf:
        raise ValidationError(_g("Il PDF di questa versione è già pubblicato e non cambia più."))
    existing = Job.objects.filter(
        kind=BUILD_KIND,
        status__in=ACTIVE_STATUSES,
        target_ct=ContentType.objects.get_for_model(EditionVersion),
        target_id=str(version.pk),
    ).first()
    if existing is not None:
        return existing, True
    job = job_start(
        kind=BUILD_KIND, params={"version_id": version.pk}, user=by, target=version, dedupe=True
    )
    return job, False


def version_build_pdf(
    *, version: EditionVersion, progress: Any = None, force_path: str | None = None
) -> str:
    """Render the version to PDF, store it atomically and record its SHA-256. Idempotent.

    `progress(percent, label)` reports the real steps. A version whose PDF exists is returned
    unchanged; a worker killed half-way leaves at most a temporary file, never a published one.
    """

    def step(pct: int, label: str) -> None:
        if progress is not None:
            progress(pct, label)

    version = EditionVersion.objects.select_related("edition").get(pk=version.pk)
    if version.pdf:
        return _where(version)
    pdf_bytes, pages = render_pdf(version=version, step=step)
    step(90, _g("Scrittura del file"))
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    step(95, _g("Calcolo dell'impronta SHA-256"))
    name = _store_atomically(version, pdf_bytes)
    with transaction.atomic():
        locked = EditionVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.pdf:
            EditionVersion.objects.filter(pk=version.pk, pdf="").update(
                pdf=name,
                pdf_sha256=digest,
                pdf_size=len(pdf_bytes),
                pdf_pages=pages,
                pdf_built_at=timezone.now(),
            )
    version.refresh_from_db()
    step(100, _g("PDF pubblicato"))
    return _where(version)


def pdf_filename(version: EditionVersion) -> str:
    """Deterministic per version (a retried build writes the same name) and unique across
    databases sharing MEDIA_ROOT (the publication instant is part of it)."""
    slug = version.edition.slug
    stamp = version.published_at.strftime("%Y%m%d%H%M%S%f")
    return f"bilancio/{slug}/bilancio-sociale-{slug}-v{version.number}-{stamp}.pdf"


def _store_atomically(version: EditionVersion, content: bytes) -> str:
    """Published whole or not at all, in the file storage (citta_del_noi/common/storage.py)."""
    return publish_bytes(pdf_filename(version), content)


def _where(version: EditionVersion) -> str:
    """The PDF's local path on the filesystem storage, else its name in the object storage."""
    path = local_path(version.pdf.name, version.pdf.storage)
    return str(path) if path is not None else version.pdf.name


# --- contributions --------------------------------------------------------------------------


def _validate_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _g("Scrivi il tuo contributo.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _g(
                    "Il contributo è troppo lungo: al massimo %(max)s caratteri (ne hai "
                    "scritti %(n)s)."
                )
                % {
                    "max": f"{COMMENT_MAX_LENGTH:,}".replace(",", "."),
                    "n": f"{len(text):,}".replace(",", "."),
                }
            }
        )
    refuse_personal_data({"text": text}, ["text"])
    return text


def contribution_submit(
    *,
    edition: Edition,
    section_key: str,
    text: str,
    user: Any = None,
    email: str = "",
    display_name: str = "",
    consent: bool = False,
    confirm_url_builder: Any = None,
) -> Contribution:
    """Partners and council members (logged in) or citizens (email confirmation, consent)."""

    if edition.status != EditionStatus.CONSULTATION:
        raise ValidationError(_g("La consultazione su questa edizione non è aperta."))
    if consultation_closed(edition):
        raise ValidationError(
            _g("La consultazione si è chiusa il %(date)s: non si accettano più contributi.")
            % {"date": edition.consultation_closes_on.strftime("%d/%m/%Y")}  # type: ignore[union-attr]
        )
    if get_section(section_key) is None:
        raise ValidationError({"section_key": _g("Scegli una sezione del bilancio.")})
    text = _validate_text(text)
    if not consent:
        raise ValidationError(
            {"consent": _g("Per inviare il contributo devi accettare l'informativa privacy.")}
        )
    kind = (
        contributor_kind(user) if user is not None and user.is_authenticated else AuthorKind.CITIZEN
    )
    contribution = Contribution(
        edition=edition,
        section_key=section_key,
        author_kind=kind,
        text=text,
        display_name=display_name.strip()[:120],
        consent_at=timezone.now(),
    )
    if kind == AuthorKind.CITIZEN:
        if user is not None and user.is_authenticated and not email:
            email = user.email
        if not email:
            raise ValidationError(
                {"email": _g("Indica la tua email: ti mandiamo un link di conferma.")}
            )
        contribution.email = email.strip().lower()
        contribution.moderation = Moderation.UNCONFIRMED
        contribution.confirm_token = secrets.token_urlsafe(32)
    else:
        contribution.user = user
        contribution.email = user.email
        contribution.confirmed_at = timezone.now()
        contribution.moderation = Moderation.PENDING
        if kind == AuthorKind.PARTNER:
            org_ids = sorted(roles.partner_organization_ids(user))
            contribution.organization_id = org_ids[0] if org_ids else None
    with transaction.atomic():
        contribution.save()
        if kind == AuthorKind.CITIZEN and confirm_url_builder is not None:
            link = confirm_url_builder(contribution.confirm_token)
            transaction.on_commit(lambda: _send_confirmation(contribution, link))
    return contribution


def _send_confirmation(contribution: Contribution, link: str) -> None:
    send_mail(
        subject=_g("Conferma il tuo contributo al Bilancio Sociale"),
        message=_g(
            "Grazie per il tuo contributo al Bilancio Sociale partecipativo «%(title)s».\n\n"
            "Per confermarlo apri questo collegamento:\n%(link)s\n\n"
            "Il contributo sarà letto dal personale del Comune prima di essere pubblicato, senza "
            "il tuo nome né la tua email. Se non hai scritto tu, ignora questo messaggio: senza "
            "conferma il contributo non viene considerato."
        )
        % {"title": contribution.edition.title, "link": link},
        from_email=None,
        recipient_list=[contribution.email],
    )


@transaction.atomic
def contribution_confirm(*, token: str) -> Contribution | None:
    if not token:
        return None
    contribution = Contribution.objects.select_for_update().filter(confirm_token=token).first()
    if contribution is None:
        return None
    if contribution.moderation == Moderation.UNCONFIRMED:
        contribution.moderation = Moderation.PENDING
        contribution.confirmed_at = timezone.now()
        contribution.save(update_fields=["moderation", "confirmed_at"])
    return contribution


def _refuse_if_closed_for_answers(contribution: Contribution) -> None:
    if contribution.edition.status == EditionStatus.PUBLISHED:
        raise EditionImmutableError()
    if contribution.moderation == Moderation.UNCONFIRMED:
        raise ValidationError(_g("Il contributo non è ancora stato confermato via email."))


@transaction.atomic
def contribution_moderate(*, contribution: Contribution, publish: bool, by: Any) -> Contribution:
    _refuse_if_closed_for_answers(contribution)
    contribution.moderation = Moderation.PUBLISHED if publish else Moderation.REJECTED
    contribution.moderated_by = by
    contribution.moderated_at = timezone.now()
    contribution.save(update_fields=["moderation", "moderated_by", "moderated_at"])
    contribution_answer_announce(contribution=contribution)
    return contribution


@transaction.atomic
def contribution_answer(
    *, contribution: Contribution, outcome: str, answer: str, by: Any
) -> Contribution:
    _refuse_if_closed_for_answers(contribution)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _g("Scegli l'esito del contributo.")})
    answer = (answer or "").replace("\r\n", "\n").strip()
    if outcome in (Outcome.DECLINED, Outcome.PARTLY) and not answer:
        raise ValidationError(
            {
                "answer": _g(
                    "Spiega il motivo: è obbligatorio se il contributo non è accolto del tutto."
                )
            }
        )
    if len(answer) > COMMENT_MAX_LENGTH:
        raise ValidationError({"answer": _g("La risposta è troppo lunga.")})
    refuse_personal_data({"answer": answer}, ["answer"])
    contribution.outcome = outcome
    contribution.answer = answer
    contribution.answered_by = by
    contribution.answered_at = timezone.now()
    contribution.save(update_fields=["outcome", "answer", "answered_by", "answered_at"])
    contribution_answer_announce(contribution=contribution)
    return contribution


def _answer_is_public(contribution: Contribution) -> bool:
    return contribution.moderation == Moderation.PUBLISHED and bool(contribution.outcome)


def contribution_answer_announce(*, contribution: Contribution) -> bool:
    """Once the answer to a contribution is public (published and answered), email the
    contributor, if their address was confirmed, after the transaction commits. Once only."""
    if not (
        _answer_is_public(contribution)
        and contribution.email
        and contribution.confirmed_at
        and contribution.answer_emailed_at is None
    ):
        return False
    contribution_id = contribution.pk
    transaction.on_commit(lambda: enqueue(ANSWER_EMAIL_TASK, contribution_id))
    return True


def contribution_answer_email_send(*, contribution_id: int) -> bool:
    """Email the contributor the published answer, with a link to it on PORTAL_BASE_URL.
    The row is claimed first (conditional update), so a duplicate delivery sends nothing; a
    contributor with an account also finds it among their notices."""

    contribution = (
        Contribution.objects.select_related("edition", "user")
        .filter(
            pk=contribution_id,
            moderation=Moderation.PUBLISHED,
            answer_emailed_at__isnull=True,
            confirmed_at__isnull=False,
        )
        .exclude(outcome="")
        .exclude(email="")
        .first()
    )
    if contribution is None:
        return False
    # a queryset update: the claim must not depend on the edition's lock in save()
    claimed = Contribution.objects.filter(
        pk=contribution.pk, answer_emailed_at__isnull=True
    ).update(answer_emailed_at=timezone.now())
    if not claimed:
        return False
    path = reverse("bilancio_sociale:contribution_public", args=[contribution.pk])
    with translation.override(settings.LANGUAGE_CODE):
        section = section_titles().get(contribution.section_key, contribution.section_key)
        title = _g("Risposta al tuo contributo al Bilancio Sociale «%(title)s»") % {
            "title": contribution.edition.title
        }
        summary = _g(
            "Il personale del Comune ha pubblicato la risposta al tuo contributo sulla sezione "
            "«%(section)s».\n\nEsito: %(outcome)s\nRisposta: %(answer)s"
        ) % {
            "section": section,
            "outcome": Outcome(contribution.outcome).label,
            "answer": contribution.answer or "-",
        }
        body = _g(
            "Grazie per aver partecipato alla consultazione sul Bilancio Sociale «%(title)s».\n\n"
            "%(summary)s\n\nIl tuo contributo:\n%(text)s\n\n"
            "Contributo e risposta sono pubblici a questo indirizzo:\n%(url)s\n\n"
            "Brescia Città del Noi — Comune di Brescia\n"
        ) % {
            "title": contribution.edition.title,
            "summary": summary,
            "text": contribution.text,
            "url": portal_url(path),
        }
    try:
        send_mail(
            subject=title,
            message=body,
            from_email=None,
            recipient_list=[contribution.email],
        )
    except Exception:
        Contribution.objects.filter(pk=contribution.pk).update(answer_emailed_at=None)
        raise
    user = contribution.user
    if user is not None and user.is_active:
        notify(
            users=[user],
            kind="bilancio_sociale.answer_published",
            title=title,
            body=summary,
            link=path,
            email=False,  # the email above already told them
        )
    return True


# --- retention of contributors' personal data -----------------------------------------------

UNCONFIRMED_RETENTION_DAYS = 7
CONTRIBUTOR_DATA_RETENTION_DAYS = 365


@transaction.atomic
def contributions_purge_personal_data(*, now: Any = None) -> dict[str, int]:
    """What the privacy notice promises: unconfirmed contributions are deleted after 7 days;
    the email and name of contributors are erased a year after the edition is published (the
    text and the answer stay public, without who wrote them)."""
    now = now or timezone.now()
    deleted, _ = Contribution.objects.filter(
        moderation=Moderation.UNCONFIRMED,
        created_at__lt=now - timedelta(days=UNCONFIRMED_RETENTION_DAYS),
    ).delete()
    old_editions = Edition.objects.filter(
        status=EditionStatus.PUBLISHED,
        published_at__lt=now - timedelta(days=CONTRIBUTOR_DATA_RETENTION_DAYS),
    )
    # queryset update: contributions of a published edition are otherwise frozen by save()
    erased = (
        Contribution.objects.filter(edition__in=old_editions)
        .exclude(email="", display_name="", confirm_token="")
        .update(email="", display_name="", confirm_token="")
    )
    return {"deleted": deleted, "erased": erased}
