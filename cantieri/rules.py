"""Who may do what on activity records (pure checks on the viewer; no queries beyond roles).

Reads filtered by the viewer live in selectors.py; these checks decide the *actions*.
"""

from __future__ import annotations

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser

from .models import ActivityRecord, ActivityStatus

EDITABLE_STATUSES = (ActivityStatus.DRAFT, ActivityStatus.RETURNED)


def is_referent_of(user: AnyUser, organization_id: int) -> bool:
    return organization_id in roles.partner_organization_ids(user)


def can_record(user: AnyUser) -> bool:
    return roles.is_partner(user)


def can_review(user: AnyUser) -> bool:
    return roles.is_comune_staff(user)


def can_close_periods(user: AnyUser) -> bool:
    """Reporting periods are city-wide: closing or reopening one is for staff with every zone
    (administrators included), not for staff limited to some zones."""
    return roles.is_comune_staff(user) and roles.staff_zone_ids(user) is None


def can_read_aggregates(user: AnyUser) -> bool:
    """Programme totals (approved records only) are for every logged-in programme role."""
    return bool(user.is_authenticated and roles.roles_of(user))


def can_edit(user: AnyUser, activity: ActivityRecord) -> bool:
    """Direct edits: the organisation's referents, on drafts and returned records of open
    periods."""
    return (
        is_referent_of(user, activity.organization_id)
        and activity.status in EDITABLE_STATUSES
        and not activity.reporting_period.is_locked
    )


def can_submit(user: AnyUser, activity: ActivityRecord) -> bool:
    return can_edit(user, activity)


def can_review_activity(user: AnyUser, activity: ActivityRecord) -> bool:
    return can_review(user) and activity.status == ActivityStatus.SUBMITTED


def needs_correction(activity: ActivityRecord) -> bool:
    """Approved records and records of locked periods change only by documented correction."""
    return activity.reporting_period.is_locked or activity.status == ActivityStatus.APPROVED


def can_correct(user: AnyUser, activity: ActivityRecord) -> bool:
    return needs_correction(activity) and (
        is_referent_of(user, activity.organization_id) or roles.is_comune_staff(user)
    )
