"""Reads of evidence, filtered by the viewer through the records they may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from citta_del_noi.accounts.roles import AnyUser

from .models import ActivityAttachment, ActivityRecord, ActivityStatus, Azione
from .selectors import activities_visible_to


def attachments_of(activity: ActivityRecord) -> QuerySet[ActivityAttachment]:
    """The attachments of a record the viewer already may see (from selectors.activity_for)."""
    return activity.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def public_attachments() -> QuerySet[ActivityAttachment]:
    """What anyone may see: attachments made public, of approved records."""
    return ActivityAttachment.objects.filter(public=True, record__status=ActivityStatus.APPROVED)


def attachment_for(user: AnyUser, pk: int) -> ActivityAttachment:
    """One attachment: of a record the viewer may see, or public; else 404."""
    qs = ActivityAttachment.objects.select_related("record", "record__reporting_period")
    visible = qs.filter(pk=pk, record__in=activities_visible_to(user)).first()
    if visible is not None:
        return visible
    public = public_attachments().select_related("record").filter(pk=pk).first()
    if public is None:
        raise Http404
    return public


def azione_public(slug: str) -> Azione:
    azione = Azione.objects.filter(slug=slug).first()
    if azione is None:
        raise Http404
    return azione


def public_evidence_of(azione: Azione) -> QuerySet[ActivityAttachment]:
    return (
        public_attachments()
        .filter(record__azione=azione)
        .select_related("record", "record__organization")
        .order_by("-record__period_start", "pk")
    )
