"""Reads on notices: a user only ever sees their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from citta_del_noi.accounts.roles import AnyUser

from .models import Notice


def notices_for(user: AnyUser) -> QuerySet[Notice]:
    """The viewer's notices, newest first."""
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def notice_for(user: AnyUser, pk: int) -> Notice:
    """One of the viewer's notices; someone else's is 404 (not 403: nothing is revealed)."""
    notice = notices_for(user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def unread_count(user: AnyUser) -> int:
    """One query (on the partial index of unread notices)."""
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
