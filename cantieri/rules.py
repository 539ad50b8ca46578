"""Who may do what on activity records (pure checks on the viewer; no queries beyond roles).

Reads filtered by the viewer live in selectors.py; these checks decide the *actions*.
"""

from __future__ import annotations

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.organizations import rules as org_rules

from .models import ActivityRecord, ActivityStatus

EDITABLE_STATUSES = (ActivityStatus.DRAFT, ActivityStatus.RETURNED)


def is_member_of(user: AnyUser, organization_id: int) -> bool:
    """Any active member (referente, compilatore, lettore) reads the organisation's records."""
    return org_rules.can_read(user, organization_id)


def can_read_rows(user: AnyUser) -> bool:
    """Lists and exports of records: members of an organisation, staff, councils, agencies."""
    return bool(
        roles.is_partner(user)
        or roles.is_comune_staff(user)
        or roles.is_council_member(user)
        or roles.agency_ids(user)
    )


def can_record(user: AnyUser) -> bool:
    """The user records drafts for some organisation (new record, import)."""
    return org_rules.records_for_any(user)


def can_record_for(user: AnyUser, organization_id: int) -> bool:
    return org_rules.can_record_drafts(user, organization_id)


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
    """Direct edits: the organisation's referents and compilatori, on drafts and returned
    records of open periods."""
    return (
        org_rules.can_record_drafts(user, activity.organization_id)
        and activity.status in EDITABLE_STATUSES
        and not activity.reporting_period.is_locked
    )


def can_submit(user: AnyUser, activity: ActivityRecord) -> bool:
    """Sending for review: the organisation's referents only, on records they could edit."""
    return org_rules.can_submit(user, activity.organization_id) and can_edit(user, activity)


def can_review_activity(user: AnyUser, activity: ActivityRecord) -> bool:
    return can_review(user) and activity.status == ActivityStatus.SUBMITTED


def needs_correction(activity: ActivityRecord) -> bool:
    """Approved records and records of locked periods change only by documented correction."""
    return activity.reporting_period.is_locked or activity.status == ActivityStatus.APPROVED


def can_correct(user: AnyUser, activity: ActivityRecord) -> bool:
    """A correction reopens review, so among the organisation's members it is the referent's
    (the one who submits)."""
    return needs_correction(activity) and (
        org_rules.can_submit(user, activity.organization_id) or roles.is_comune_staff(user)
    )


def can_attach(user: AnyUser, activity: ActivityRecord) -> bool:
    """Evidence is attached by those who may edit the record, while it is editable."""
    return can_edit(user, activity)


def can_remove_attachment(user: AnyUser, activity: ActivityRecord, uploaded_by_id: int) -> bool:
    """The uploader removes their own attachment until the record is approved, while still a
    member of the organisation."""
    return (
        user.is_authenticated
        and user.pk == uploaded_by_id
        and activity.status != ActivityStatus.APPROVED
        and org_rules.can_record_drafts(user, activity.organization_id)
    )


def can_curate_evidence(user: AnyUser) -> bool:
    """Marking "con documentazione" and making an attachment public: the Comune's staff."""
    return roles.is_comune_staff(user)
