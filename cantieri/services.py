"""Every write on activity records: validation, workflow, locking, corrections.

Workflow: draft → submitted → approved, or submitted → returned (with a comment) → edited →
submitted again. A locked reporting period accepts no direct change: an approved record or a
record of a locked period changes only through `activity_correct`, which documents who, when
and why, and reopens review (status back to "submitted").
The programme's rules on a record, one function per rule, are in activity_rules.py; the
writes below call them again, so a rule checked by a form is also checked on save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.notifications.services import notify
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Organization
from citta_del_noi.organizations.selectors import referents_of
from citta_del_noi.privacy.services import Rewrite, field_redact
from citta_del_noi.privacy.validators import personal_data_error

from . import coverage_cache, rules
from .activity_rules import (
    DATA_FIELDS,
    DECIMAL_FIELDS,
    FIGURE_FIELDS,
    RELATION_FIELDS,
    ActivityInput,
    validate_activity,
    validate_correction,
)
from .models import (
    ActivityCorrection,
    ActivityFunding,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    Indicator,
    Measurement,
    ReminderLog,
    ReportingPeriod,
)
from .review_race import refuse_if_already_reviewed


def _check(item: ActivityInput, *, allow_locked: bool = False) -> None:
    errors = validate_activity(item, allow_locked=allow_locked)
    if errors:
        raise ValidationError(errors)


def _apply(activity: ActivityRecord, item: ActivityInput) -> dict[str, list]:
    """Set fields and related rows; returns {field: [old, new]} of what changed."""
    changes: dict[str, list] = {}
    for name in DATA_FIELDS:
        if name not in item.data:
            continue
        new = item.data[name]
        if name in FIGURE_FIELDS:
            new = Decimal(str(new or 0)) if name in DECIMAL_FIELDS else int(new or 0)
        if name in ("description", "in_kind_description", "spaces", "title"):
            new = (new or "").strip()
        if name in RELATION_FIELDS:
            old_id = getattr(activity, f"{name}_id")
            new_id = new.pk if new is not None else None
            if old_id != new_id:
                old_obj = getattr(activity, name) if old_id else None
                changes[name] = [_plain(old_obj), _plain(new)]
                setattr(activity, name, new)
            continue
        old = getattr(activity, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(activity, name, new)
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _save_related(activity: ActivityRecord, item: ActivityInput, changes: dict) -> None:
    old_q = sorted(q.pk for q in activity.quartieri.all()) if activity.pk else []
    new_q = sorted(q.pk for q in item.quartieri)
    if old_q != new_q:
        activity.quartieri.set(item.quartieri)
        changes["quartieri"] = [old_q, new_q]
    old_t = {t.target_group_id: t.participants for t in activity.target_counts.all()}
    new_t = {g.pk: int(c) for g, c in item.target_counts.items() if c}
    if old_t != new_t:
        activity.target_counts.all().delete()
        ActivityTargetCount.objects.bulk_create(
            ActivityTargetCount(activity=activity, target_group_id=g, participants=c)
            for g, c in new_t.items()
        )
        changes["target_counts"] = [old_t, new_t]
    old_f = {f.source_id: str(f.amount) for f in activity.fundings.all()}
    new_f = {s.pk: str(Decimal(a)) for s, a in item.fundings.items() if a}
    if {k: Decimal(v) for k, v in old_f.items()} != {k: Decimal(v) for k, v in new_f.items()}:
        activity.fundings.all().delete()
        ActivityFunding.objects.bulk_create(
            ActivityFunding(activity=activity, source_id=s, amount=Decimal(a))
            for s, a in new_f.items()
        )
        changes["fundings"] = [old_f, new_f]


def _require_recorder(by: AnyUser, organization: Organization) -> None:
    """Referenti and compilatori record drafts for their organisation; lettori do not."""

    if not org_rules.can_record_drafts(by, organization):
        raise PermissionDenied(_("Non puoi registrare attività per questa organizzazione."))


@transaction.atomic
def activity_create(
    *, organization: Organization, by: AnyUser, item: ActivityInput, import_key: str = ""
) -> ActivityRecord:
    _require_recorder(by, organization)
    _check(item)
    if message := personal_data_error(import_key):
        raise ValidationError({"import_key": [message]})
    activity = ActivityRecord(organization=organization, created_by=by, import_key=import_key)  # type: ignore[misc]
    _apply(activity, item)
    activity._history_user = by  # type: ignore[attr-defined]
    activity.save()
    _save_related(activity, item, {})
    return activity


@transaction.atomic
def activity_update(*, activity: ActivityRecord, by: AnyUser, item: ActivityInput) -> dict:
    """Direct edit of a draft or returned record of an open period by its organisation."""
    activity = (
        ActivityRecord.objects.select_for_update()
        .select_related("reporting_period")
        .get(pk=activity.pk)
    )
    if not rules.can_edit(by, activity):
        raise PermissionDenied(_("Questa attività non è modificabile: usa una correzione."))
    _check(item)
    changes = _apply(activity, item)
    activity._history_user = by  # type: ignore[attr-defined]
    activity.save()
    _save_related(activity, item, changes)
    return changes


def _transition(activity: ActivityRecord, by: AnyUser, **fields: Any) -> ActivityRecord:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity._history_user = by  # type: ignore[attr-defined]
    activity.save(update_fields=[*fields, "updated_at"])
    return activity


@transaction.atomic
def activity_submit(*, activity: ActivityRecord, by: AnyUser) -> ActivityRecord:
    activity = (
        ActivityRecord.objects.select_for_update()
        .select_related("reporting_period")
        .get(pk=activity.pk)
    )
    if not rules.can_submit(by, activity):
        raise PermissionDenied(_("Non puoi inviare questa attività."))
    return _transition(activity, by, status=ActivityStatus.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def activity_return(*, activity: ActivityRecord, by: AnyUser, comment: str) -> ActivityRecord:
    activity = (
        ActivityRecord.objects.select_for_update()
        .select_related("reporting_period")
        .get(pk=activity.pk)
    )
    refuse_if_already_reviewed(by, activity)  # the second of two reviewers at once
    if not rules.can_review_activity(by, activity):
        raise PermissionDenied(_("Solo le attività inviate si possono restituire."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Scrivi cosa va corretto: il commento è obbligatorio.")]}
        )
    if message := personal_data_error(comment):
        raise ValidationError({"comment": [message]})
    activity = _transition(activity, by, status=ActivityStatus.RETURNED, review_comment=comment)
    activity_notify_returned(activity=activity, by=by)
    return activity


@transaction.atomic
def activity_approve(*, activity: ActivityRecord, by: AnyUser) -> ActivityRecord:
    activity = (
        ActivityRecord.objects.select_for_update()
        .select_related("reporting_period")
        .get(pk=activity.pk)
    )
    refuse_if_already_reviewed(by, activity)  # the second of two reviewers at once
    if not rules.can_review_activity(by, activity):
        raise PermissionDenied(_("Solo le attività inviate si possono approvare."))
    activity = _transition(
        activity,
        by,
        status=ActivityStatus.APPROVED,
        approved_at=timezone.now(),
        review_comment="",
    )
    activity_notify_approved(activity=activity, by=by)
    return activity


@transaction.atomic
def activities_approve_bulk(*, activities: QuerySet[ActivityRecord], by: AnyUser) -> int:
    """Approve every submitted record of `activities` (already filtered by the viewer)."""
    if not rules.can_review(by):
        raise PermissionDenied
    now = timezone.now()
    rows = list(activities.filter(status=ActivityStatus.SUBMITTED).select_for_update())
    for row in rows:
        row.status = ActivityStatus.APPROVED
        row.approved_at = now
        row.review_comment = ""
        row.updated_at = now
    if rows:
        coverage_cache.bump_after_commit()
        bulk_update_with_history(
            rows,
            ActivityRecord,
            ["status", "approved_at", "review_comment", "updated_at"],
            default_user=by,
            batch_size=500,
        )
        activities_notify_approved(activities=rows, by=by)
    return len(rows)


@transaction.atomic
def activity_delete(*, activity: ActivityRecord, by: AnyUser) -> None:
    if not (rules.can_edit(by, activity) and activity.status == ActivityStatus.DRAFT):
        raise PermissionDenied(_("Si possono eliminare solo le bozze."))
    activity._history_user = by  # type: ignore[attr-defined]
    activity.delete()


@transaction.atomic
def activity_correct(
    *, activity: ActivityRecord, by: AnyUser, reason: str, item: ActivityInput
) -> ActivityCorrection:
    """Documented change to an approved record or a record of a locked period; reopens review."""
    activity = (
        ActivityRecord.objects.select_for_update()
        .select_related("reporting_period")
        .get(pk=activity.pk)
    )
    if not rules.can_correct(by, activity):
        raise PermissionDenied(_("Non puoi correggere questa attività."))
    reason = (reason or "").strip()
    errors = validate_correction(
        item, reason=reason, current_period_id=activity.reporting_period_id
    )
    if errors:
        raise ValidationError(errors)
    changes = _apply(activity, item)
    _save_related(activity, item, changes)
    if not changes:
        raise ValidationError(
            {"reason": [_("Nessun dato è cambiato: non c'è nulla da correggere.")]}
        )
    activity.status = ActivityStatus.SUBMITTED
    activity.submitted_at = timezone.now()
    activity.approved_at = None
    activity._history_user = by  # type: ignore[attr-defined]
    activity._change_reason = reason[:100]  # type: ignore[attr-defined]
    activity.save()
    correction = ActivityCorrection.objects.create(  # type: ignore[misc]
        activity=activity, reason=reason, requested_by=by, changes=changes
    )
    if roles.is_comune_staff(by):
        activity_notify_corrected(activity=activity, by=by, reason=reason, changes=changes)
    return correction


# --- notices to the organisation's referents ------------------------------------------------


def _referents_except(organization: Organization, by: AnyUser | None) -> QuerySet:
    users = referents_of(organization)
    return users.exclude(pk=by.pk) if by is not None and by.pk else users


def _record_line(activity: ActivityRecord) -> dict[str, str]:
    return {
        "title": activity.title,
        "org": activity.organization.name,
        "period": activity.reporting_period.name,
    }


def activity_notify_returned(*, activity: ActivityRecord, by: AnyUser) -> None:
    """Tell the organisation's referents that a record came back, with the reviewer's comment."""
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            users=_referents_except(activity.organization, by),
            kind="cantieri.activity_returned",
            title=_("Attività restituita: «%(title)s»") % {"title": activity.title},
            body=_(
                "Il personale del Comune ha restituito l'attività «%(title)s» di %(org)s "
                "(periodo %(period)s) con questo commento:\n\n%(comment)s\n\n"
                "Correggi l'attività e inviala di nuovo per la revisione."
            )
            % {**_record_line(activity), "comment": activity.review_comment},
            link=reverse("cantieri:activity_detail", args=[activity.pk]),
        )


def activity_notify_approved(*, activity: ActivityRecord, by: AnyUser) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            users=_referents_except(activity.organization, by),
            kind="cantieri.activity_approved",
            title=_("Attività approvata: «%(title)s»") % {"title": activity.title},
            body=_(
                "Il personale del Comune ha approvato l'attività «%(title)s» di %(org)s "
                "(periodo %(period)s). I suoi dati entrano nei totali del programma."
            )
            % _record_line(activity),
            link=reverse("cantieri:activity_detail", args=[activity.pk]),
        )


BULK_TITLES_SHOWN = 10


def activities_notify_approved(*, activities: list[ActivityRecord], by: AnyUser) -> None:
    """Approval of many records at once: one notice per organisation, not one per record."""
    by_org: dict[int, list[ActivityRecord]] = {}
    for row in activities:
        by_org.setdefault(row.organization_id, []).append(row)
    if not by_org:
        return
    orgs = Organization.objects.in_bulk(list(by_org))
    for org_id, rows in by_org.items():
        if len(rows) == 1:
            rows[0].organization = orgs[org_id]
            activity_notify_approved(activity=rows[0], by=by)
            continue
        titles = "\n".join(f"– {row.title}" for row in rows[:BULK_TITLES_SHOWN])
        if len(rows) > BULK_TITLES_SHOWN:
            titles += "\n" + _("…e altre %(n)s.") % {"n": len(rows) - BULK_TITLES_SHOWN}
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                users=_referents_except(orgs[org_id], by),
                kind="cantieri.activity_approved",
                title=_("%(n)s attività approvate") % {"n": len(rows)},
                body=_(
                    "Il personale del Comune ha approvato %(n)s attività di %(org)s:\n%(titles)s"
                )
                % {"n": len(rows), "org": orgs[org_id].name, "titles": titles},
                link=reverse("cantieri:activity_list") + "?status=" + ActivityStatus.APPROVED,
            )


def _field_label(name: str) -> str:
    labels = {"target_counts": _("destinatari"), "fundings": _("finanziamenti")}
    if name in labels:
        return str(labels[name])
    try:
        model_field = ActivityRecord._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(model_field, "verbose_name", name))


def activity_notify_corrected(
    *, activity: ActivityRecord, by: AnyUser, reason: str, changes: Mapping[str, Any]
) -> None:
    """A documented correction by Comune staff: the referents learn what changed and why."""
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            users=_referents_except(activity.organization, by),
            kind="cantieri.activity_corrected",
            title=_("Attività corretta dal personale: «%(title)s»") % {"title": activity.title},
            body=_(
                "Il personale del Comune ha corretto l'attività «%(title)s» di %(org)s "
                "(periodo %(period)s).\n\nMotivo: %(reason)s\nDati cambiati: %(fields)s\n\n"
                "L'attività torna in revisione; la storia delle modifiche è nella sua pagina."
            )
            % {
                **_record_line(activity),
                "reason": reason,
                "fields": ", ".join(_field_label(name) for name in changes),
            },
            link=reverse("cantieri:activity_detail", args=[activity.pk]),
        )


def reminder_log_once(kind: str, key: str, recipients: int) -> bool:
    """Create the reminder's log row; False if this reminder was already sent."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(kind=kind, key=key, recipients=recipients)
    except IntegrityError:
        return False
    return True


def period_closing_notify(*, period: ReportingPeriod) -> int:
    """Tell the referents of each active organisation that still has something to do for
    `period` (nothing submitted yet, or drafts and returned records not sent again) that the
    period closes soon. Once per period and organisation (a ReminderLog row, created in the
    same transaction as the notices). Returns how many organisations were told."""
    per_org = {
        row["organization_id"]: row
        for row in ActivityRecord.objects.filter(reporting_period=period)
        .values("organization_id")
        .annotate(
            sent=Count(
                "pk", filter=Q(status__in=[ActivityStatus.SUBMITTED, ActivityStatus.APPROVED])
            ),
            open=Count("pk", filter=Q(status__in=[ActivityStatus.DRAFT, ActivityStatus.RETURNED])),
        )
    }
    orgs = Organization.objects.filter(
        active=True, memberships__active=True, memberships__user__is_active=True
    ).distinct()
    closes = period.closes_on.strftime("%d/%m/%Y")
    told = 0
    for org in orgs:
        counts = per_org.get(org.pk, {"sent": 0, "open": 0})
        if counts["sent"] and not counts["open"]:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            if counts["open"]:
                body = _(
                    "Il periodo di rendicontazione %(period)s si chiude il %(date)s. %(org)s ha "
                    "ancora %(n)s attività in bozza o restituite da inviare per la revisione: "
                    "dopo la chiusura si potranno cambiare solo con una correzione documentata."
                ) % {"period": period.name, "date": closes, "org": org.name, "n": counts["open"]}
                link = (
                    reverse("cantieri:activity_list")
                    + f"?reporting_period={period.pk}&status={ActivityStatus.DRAFT}"
                )
            else:
                body = _(
                    "Il periodo di rendicontazione %(period)s si chiude il %(date)s e non "
                    "risultano ancora attività inviate da %(org)s. Puoi registrarle o importarle "
                    "dal portale."
                ) % {"period": period.name, "date": closes, "org": org.name}
                link = reverse("cantieri:activity_create")
            title = _("Promemoria: il periodo %(period)s si chiude il %(date)s") % {
                "period": period.name,
                "date": closes,
            }
        users = list(referents_of(org))
        if not users:
            continue
        with transaction.atomic():
            if not reminder_log_once("period-closing", f"{period.pk}:{org.pk}", len(users)):
                continue
            notify(users=users, kind="cantieri.period_closing", title=title, body=body, link=link)
        told += 1
    return told


def _rewrite_corrections(activity: Any, field: str, rewrite: Rewrite) -> int:
    """A correction keeps the old and new values it changed, and its reason: rewrite them."""
    touched = []
    for correction in ActivityCorrection.objects.filter(activity_id=activity.pk):
        changes = dict(correction.changes or {})
        before = (correction.reason, changes.get(field))
        correction.reason = rewrite(correction.reason)
        if isinstance(changes.get(field), list):
            changes[field] = [rewrite(value) for value in changes[field]]
            correction.changes = changes
        if (correction.reason, changes.get(field)) != before:
            touched.append(correction)
    if touched:
        ActivityCorrection.objects.bulk_update(touched, ["reason", "changes"])
    return len(touched)


def activity_redact(
    *, activity: ActivityRecord, field: str, by: AnyUser, reason: str, passage: str = ""
) -> Any:
    """Staff remove personal data from a field of a record, its history and its corrections."""
    if not rules.can_review(by):
        raise PermissionDenied
    return field_redact(
        instance=activity,
        field=field,
        by=by,
        reason=reason,
        passage=passage,
        also=_rewrite_corrections,
    )


def _require_staff(by: AnyUser) -> None:
    if not rules.can_review(by):
        raise PermissionDenied


def _require_all_zones(by: AnyUser) -> None:
    """A reporting period covers the whole city: staff limited to zones cannot close it."""
    if not rules.can_close_periods(by):
        raise PermissionDenied


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by: AnyUser) -> ReportingPeriod:
    _require_all_zones(by)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        period.locked_at = timezone.now()
        period.locked_by = by  # type: ignore[assignment]
        period.save(update_fields=["locked_at", "locked_by"])
    return period


@transaction.atomic
def period_unlock(*, period: ReportingPeriod, by: AnyUser) -> ReportingPeriod:
    _require_all_zones(by)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    period.locked_at = None
    period.locked_by = None
    period.save(update_fields=["locked_at", "locked_by"])
    return period


@transaction.atomic
def measurement_add(
    *,
    indicator: Indicator,
    by: AnyUser,
    value: Decimal,
    measured_on: date,
    source: str,
    reporting_period: ReportingPeriod | None = None,
    base: int | None = None,
) -> Measurement:
    _require_staff(by)
    if not indicator.is_manual:
        raise ValidationError(
            {"value": [_("Questo indicatore si calcola dalle attività approvate.")]}
        )
    if not (source or "").strip():
        raise ValidationError({"source": [_("Indica la fonte del dato.")]})
    return Measurement.objects.create(  # type: ignore[misc]
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        source=source.strip(),
        reporting_period=reporting_period,
        base=base,
        entered_by=by,
    )


def activities_submit_many(*, activities: Iterable[ActivityRecord], by: AnyUser) -> int:
    count = 0
    for activity in activities:
        if rules.can_submit(by, activity):
            activity_submit(activity=activity, by=by)
            count += 1
    return count


def item_from_record(activity: ActivityRecord) -> ActivityInput:
    """The record's current values as an input (starting point of a correction)."""
    return ActivityInput(
        data={name: getattr(activity, name) for name in DATA_FIELDS},
        quartieri=list(activity.quartieri.all()),
        target_counts={t.target_group: t.participants for t in activity.target_counts.all()},
        fundings={f.source: f.amount for f in activity.fundings.all()},
    )


def errors_as_text(errors: Mapping[str, list[str]]) -> list[str]:
    return [message for messages in errors.values() for message in messages]
