"""The life of an edition: snapshots, consultation, approval, publication and corrections."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from .. import disclosure, monitoring, narrative
from ..approval import approving_decision_check, refuse_if_already_approved
from ..collect import collect_sections, texts_of
from ..disclosure import current_thresholds
from ..models import (
    Edition,
    EditionImmutableError,
    EditionStatus,
    EditionVersion,
    Snapshot,
    SnapshotLog,
)
from ..registry import Period, get_section
from ..selectors import (
    previous_snapshot_data,
)
from .guards import (
    PARTICIPATION_SECTION,
    _refuse_if_approved,
    _refuse_if_contributions_waiting,
    _refuse_if_disclosure_exposed,
    _refuse_if_monitoring_missing,
    _refuse_if_published,
    log,
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
