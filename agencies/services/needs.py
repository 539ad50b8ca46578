"""Conoscenza: needs, their status, links and redaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cantieri.models import ActivityRecord, ActivityStatus
from citta_del_noi.privacy.services import field_redact

from ..models import (
    Need,
    NeedStatus,
    NoAnswerReason,
    ServiceUnit,
)
from ._common import _can_manage

# --- Conoscenza: needs -----------------------------------------------------------------------


def need_recompute_status(*, need: Need, by: Any = None) -> Need:
    """The status of a need follows the responses linked to it:

    - no response → "senza risposta";
    - approved activities or active service units that together cover every quartiere of the
      need (a city-wide activity or service covers all; a need without quartieri is city-wide
      and any such response answers it) → "con risposta";
    - any other combination (some quartieri covered, or only council decisions, which commit
      but do not yet deliver) → "con risposta parziale".
    An answered need has no reason; an unanswered or partly answered one keeps its reason
    ("non ancora valutato" when none was given).
    """
    acts = need.activities.filter(status=ActivityStatus.APPROVED)
    units = need.service_units.filter(active=True)
    has_decisions = need.decisions.exclude(status="dropped").exists()
    need_quartieri = set(need.quartieri.values_list("pk", flat=True))
    has_concrete = acts.exists() or units.exists()
    if not has_concrete and not has_decisions:
        status = NeedStatus.NONE
    elif not has_concrete:
        status = NeedStatus.PARTLY
    else:
        city_wide = (
            acts.filter(city_wide=True).exists() or units.filter(quartiere__isnull=True).exists()
        )
        covered = set(
            ActivityRecord.quartieri.through.objects.filter(
                activityrecord_id__in=acts.values("pk")
            ).values_list("quartiere_id", flat=True)
        ) | set(units.exclude(quartiere__isnull=True).values_list("quartiere_id", flat=True))
        if not need_quartieri or city_wide or need_quartieri <= covered:
            status = NeedStatus.ANSWERED
        else:
            status = NeedStatus.PARTLY
    reason = need.reason
    if status == NeedStatus.ANSWERED:
        reason = ""
    elif not reason:
        reason = NoAnswerReason.NOT_ASSESSED
    if (status, reason) != (need.status, need.reason):
        # A save, not an update: the change of status goes into the need's history.
        need.status, need.reason = status, reason
        if by is not None:
            need._history_user = by  # type: ignore[attr-defined]
        need._change_reason = _("Stato aggiornato dalle risposte collegate")  # type: ignore[attr-defined]
        need.save(update_fields=["status", "reason", "updated_at"])
    return need


@transaction.atomic
def need_link(
    *,
    need: Need,
    by: Any,
    activity: ActivityRecord | None = None,
    service_unit: ServiceUnit | None = None,
    decision: Any = None,
) -> Need:
    if not _can_manage(by, "conoscenza"):
        raise PermissionDenied
    if activity is not None:
        if activity.status != ActivityStatus.APPROVED:
            raise ValidationError({"activity": _("Si possono collegare solo attività approvate.")})
        need.activities.add(activity)
    if service_unit is not None:
        need.service_units.add(service_unit)
    if decision is not None:
        need.decisions.add(decision)
    return need_recompute_status(need=need, by=by)


@transaction.atomic
def need_unlink(*, need: Need, by: Any, kind: str, pk: int) -> Need:
    if not _can_manage(by, "conoscenza"):
        raise PermissionDenied
    attr = {"activity": "activities", "service": "service_units", "decision": "decisions"}.get(kind)
    if attr is None:
        raise ValidationError(_("Tipo di risposta sconosciuto."))
    getattr(need, attr).remove(pk)
    return need_recompute_status(need=need, by=by)


def need_redact(*, need: Need, field: str, by: Any, reason: str, passage: str = "") -> Any:
    """Staff remove personal data from a field of a need and from its whole history."""
    return field_redact(instance=need, field=field, by=by, reason=reason, passage=passage)
