"""Writes on minutes: save, comments, approval, errata, the PDF."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citta_del_noi.jobs.services import job_start

from ..models import (
    Meeting,
    Minutes,
    MinutesComment,
    MinutesErratum,
    MinutesStatus,
)
from ..selectors import (
    meeting_held_problem,
)
from ._common import _fmt

# --- Minutes ----------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, confidential_text: str = "", by: Any) -> Minutes:
    """Create or update the draft minutes. Approved minutes are frozen (use an erratum)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ValidationError(
            _("Il verbale è già approvato e non si modifica più: registra un'errata corrige.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Il testo del verbale è obbligatorio.")})
    if minutes is None:
        return Minutes.objects.create(
            meeting=meeting, text=text, confidential_text=confidential_text
        )
    minutes.text, minutes.confidential_text = text, confidential_text
    minutes.save(update_fields=["text", "confidential_text", "updated_at"])
    return minutes


@transaction.atomic
def minutes_comment(*, minutes: Minutes, text: str, by: Any) -> MinutesComment:
    if minutes.is_approved:
        raise ValidationError(_("Il verbale è approvato: non si accettano più commenti."))
    if not text.strip():
        raise ValidationError({"text": _("Scrivi il commento.")})
    return MinutesComment.objects.create(minutes=minutes, author=by, text=text)


def meeting_held_check(meeting: Meeting) -> None:
    """A meeting counts for a formal act (approving minutes, an edition of the Bilancio) only
    when it has been held: not cancelled, not in the future, attendance recorded, quorum
    reached. The refusal says which condition fails."""
    problem = meeting_held_problem(meeting)
    if problem:
        raise ValidationError(problem)


def minutes_approval_check(minutes: Minutes, at_meeting: Meeting) -> None:
    """Minutes are approved once, at a later meeting of the same council that has been held
    with quorum."""
    if minutes.is_approved:
        raise ValidationError(
            _("Il verbale è già stato approvato il %(day)s: non si approva due volte.")
            % {"day": _fmt(timezone.localtime(minutes.approved_at).date())}
        )
    if at_meeting.consiglio_id != minutes.meeting.consiglio_id:
        raise ValidationError(_("Il verbale si approva in una riunione dello stesso consiglio."))
    if at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError(
            _("Il verbale si approva in una riunione successiva a quella verbalizzata.")
        )
    problem = meeting_held_problem(at_meeting)
    if problem:
        raise ValidationError(
            _("Il verbale non si può approvare in questa riunione: %(problem)s")
            % {"problem": problem}
        )


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: Any) -> Minutes:
    """Approve minutes at a later meeting of the same council; then they are frozen."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    minutes_approval_check(minutes, at_meeting)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.approved_by = by
    minutes.save()
    return minutes


@transaction.atomic
def minutes_erratum(
    *, minutes: Minutes, new_text: str, reason: str, by: Any, confidential: bool = False
) -> MinutesErratum:
    """Change approved minutes: the old text, the new one and the reason are kept."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not minutes.is_approved:
        raise ValidationError(_("Il verbale è ancora in bozza: modificalo direttamente."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Indica il motivo dell'errata corrige.")
    if not new_text.strip() and not confidential:
        errors["new_text"] = _("Il testo del verbale è obbligatorio.")
    field = "confidential_text" if confidential else "text"
    if not errors and getattr(minutes, field) == new_text:
        errors["new_text"] = _("Il nuovo testo è uguale a quello approvato.")
    if errors:
        raise ValidationError(errors)
    erratum = MinutesErratum.objects.create(
        minutes=minutes,
        previous_text=getattr(minutes, field),
        new_text=new_text,
        reason=reason,
        created_by=by,
        confidential=confidential,
    )
    setattr(minutes, field, new_text)
    minutes.save(update_fields=[field, "updated_at"])
    return erratum


def minutes_pdf_start(*, minutes: Minutes, by: Any) -> Any:

    return job_start(
        kind="consigli.minutes_pdf",
        params={"minutes_id": minutes.pk},
        user=by,
        target=minutes,
        dedupe=True,
    )
