"""Two reviewers acting on the same activity at once (issue 12.6): the one who comes second is
told who came first ("già approvata da …"), not that their role forbids it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from citta_del_noi.accounts.roles import AnyUser

from . import rules
from .models import ActivityRecord, ActivityStatus


def _last_by(activity: ActivityRecord) -> tuple[str, str]:
    """Who moved the record to its current status, and when (from its history)."""
    record = (
        activity.history.filter(status=activity.status)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    user = record.history_user if record is not None else None
    name = (user.get_full_name() or user.email) if user is not None else _("un altro revisore")
    when = record.history_date if record is not None else timezone.now()
    return name, date_format(timezone.localtime(when), "DATETIME_FORMAT")


def refuse_if_already_reviewed(by: AnyUser, activity: ActivityRecord) -> None:
    """A reviewer acting on a record someone else has just approved or returned."""
    if not rules.can_review(by):
        return
    if activity.status == ActivityStatus.APPROVED:
        name, when = _last_by(activity)
        raise ValidationError(
            _("Attività già approvata da %(name)s (%(when)s).") % {"name": name, "when": when}
        )
    if activity.status == ActivityStatus.RETURNED:
        name, when = _last_by(activity)
        raise ValidationError(
            _("Attività già restituita all'organizzazione da %(name)s (%(when)s).")
            % {"name": name, "when": when}
        )
