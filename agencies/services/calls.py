"""Finanza: calls for proposals, applications, evaluation, grants."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Membership

from ..models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    EvaluatorAssignment,
    Grant,
    Score,
)
from ._common import _can_manage

# --- Finanza: calls for proposals ------------------------------------------------------------


def _require_finanza(by: Any) -> None:
    if not _can_manage(by, "finanza"):
        raise PermissionDenied


@transaction.atomic
def call_publish(*, call: Call, by: Any) -> Call:
    _require_finanza(by)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("Il bando è già pubblicato."))
    if not call.criteria.exists():
        raise ValidationError(_("Prima di pubblicare il bando inserire i criteri di valutazione."))
    if call.deadline <= timezone.now():
        raise ValidationError(_("La scadenza del bando è già passata: correggerla prima."))
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at", "updated_at"])
    return call


@transaction.atomic
def call_close(*, call: Call, by: Any) -> Call:
    _require_finanza(by)
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError(_("Si può chiudere solo un bando pubblicato."))
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status", "updated_at"])
    return call


@transaction.atomic
def application_submit(
    *,
    call: Call,
    organization: Any,
    by: Any,
    title: str,
    summary: str,
    requested_amount: Decimal,
) -> Application:
    if not org_rules.can_submit(by, organization):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if call.status != CallStatus.PUBLISHED or now > call.deadline:
        raise ValidationError(
            _("Il termine per presentare domanda è scaduto il %(deadline)s.")
            % {
                "deadline": formats.date_format(
                    timezone.localtime(call.deadline), "DATETIME_FORMAT"
                )
            }
        )
    if Application.objects.filter(call=call, organization=organization).exists():
        raise ValidationError(
            {"organization": _("Questa organizzazione ha già presentato domanda per il bando.")}
        )
    if requested_amount > call.budget:
        raise ValidationError(
            {"requested_amount": _("Il contributo richiesto supera la dotazione del bando.")}
        )
    return Application.objects.create(
        call=call,
        organization=organization,
        title=title,
        summary=summary,
        requested_amount=requested_amount,
        submitted_at=now,
        submitted_by=by,
    )


def _conflict(evaluator: Any, application: Application) -> bool:

    return Membership.objects.filter(
        user=evaluator, organization_id=application.organization_id, active=True
    ).exists()


CONFLICT_MESSAGE = (
    "Conflitto di interessi: la persona è referente dell'organizzazione che ha presentato "
    "la domanda e non può valutarla."
)


@transaction.atomic
def evaluator_assign(*, application: Application, evaluator: Any, by: Any) -> EvaluatorAssignment:
    _require_finanza(by)
    if _conflict(evaluator, application):
        raise ValidationError({"email": _(CONFLICT_MESSAGE)})
    assignment, _created = EvaluatorAssignment.objects.get_or_create(
        application=application, evaluator=evaluator
    )
    return assignment


@transaction.atomic
def scores_save(
    *, assignment: EvaluatorAssignment, by: Any, scores: dict[int, tuple[int, str]]
) -> EvaluatorAssignment:
    if assignment.evaluator_id != by.pk:
        raise PermissionDenied
    application = assignment.application
    if _conflict(by, application):
        raise ValidationError(_(CONFLICT_MESSAGE))
    if application.call.status == CallStatus.AWARDED:
        raise ValidationError(_("La graduatoria è già approvata: i punteggi non si modificano."))
    criteria = {c.pk: c for c in application.call.criteria.all()}
    errors = {}
    for cid, criterion in criteria.items():
        if cid not in scores:
            errors[f"c{cid}"] = _("Indicare il punteggio.")
        elif scores[cid][0] > criterion.max_score:
            errors[f"c{cid}"] = _("Il punteggio massimo per questo criterio è %(max)s.") % {
                "max": criterion.max_score
            }
    if errors:
        raise ValidationError(errors)
    for cid, (value, comment) in scores.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=cid,
            defaults={"score": value, "comment": comment},
        )
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    return assignment


@transaction.atomic
def application_award(*, application: Application, amount: Decimal, by: Any) -> Grant:
    _require_finanza(by)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Si assegna solo dopo la chiusura del bando."))
    if amount <= 0 or amount > application.requested_amount:
        raise ValidationError(
            {"amount": _("L'importo deve essere positivo e non superiore a quanto richiesto.")}
        )
    already = (
        Grant.objects.filter(application__call=call)
        .exclude(application=application)
        .values_list("amount", flat=True)
    )
    if sum(already, Decimal("0")) + amount > call.budget:
        raise ValidationError(
            {"amount": _("Gli importi assegnati superano la dotazione del bando.")}
        )
    grant, _created = Grant.objects.update_or_create(
        application=application, defaults={"amount": amount}
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.AWARDED)
    return grant


@transaction.atomic
def call_finalize(*, call: Call, by: Any) -> Call:
    """Approve the ranking: the applications without a grant are not funded."""
    _require_finanza(by)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Il bando non è in valutazione."))
    Application.objects.filter(call=call).filter(Q(grant__isnull=True)).update(
        status=ApplicationStatus.NOT_AWARDED
    )
    call.status = CallStatus.AWARDED
    call.save(update_fields=["status", "updated_at"])
    return call
