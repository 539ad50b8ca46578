"""Writes on notices: `notify` (in-portal notice + email), marking as read, sending the email.

Domain apps call `notify` from their services; this app knows nothing about them. Emails are
sent by a Celery task once the transaction that created the notices commits, in Italian, as
plain text (like every email of the portal), with absolute links on PORTAL_BASE_URL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from citta_del_noi.accounts.models import User
from citta_del_noi.jobs.queue import enqueue

from . import unread_cache
from .links import portal_url
from .models import Notice

logger = logging.getLogger(__name__)


def _safe_link(link: str) -> str:
    """Only paths inside the portal: a notice never sends anyone elsewhere."""
    link = (link or "").strip()
    if not link.startswith("/") or link.startswith("//") or "\\" in link:
        return ""
    return link[:500]


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    email: bool = True,
) -> list[Notice]:
    """Give each active user in `users` a notice (once even if listed twice) and, if `email`,
    email it after the current transaction commits. Returns the notices created."""
    seen: set[int] = set()
    recipients = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        recipients.append(user)
    if not recipients:
        return []
    now = timezone.now()
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=user,
            kind=kind[:60],
            title=title[:200],
            body=body,
            link=_safe_link(link),
            created_at=now,
            send_email=email and bool(user.email),
        )
        for user in recipients
    )
    unread_cache.forget(user.pk for user in recipients)
    ids = [n.pk for n in notices if n.send_email]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return notices


def _enqueue(ids: list[int]) -> None:
    try:
        enqueue("notifications.send_notice_emails", ids)
    except Exception:  # broker down: the notices are saved; the beat sweeper sends them later
        logger.exception("Could not queue the emails of notices %s", ids)


def notice_mark_read(*, notice: Notice, by: Any) -> Notice:
    """Mark one of `by`'s own notices as read (the view finds it through the selector)."""
    if notice.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
        unread_cache.forget([notice.recipient_id])
    return notice


def notices_mark_all_read(*, user: Any) -> int:
    """Mark every unread notice of `user` as read; returns how many."""
    unread_cache.forget([user.pk])
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notice_email(notice: Notice) -> tuple[str, str]:
    """Subject and plain-text body of the email of a notice (in the portal's language)."""
    user: User = notice.recipient
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Buongiorno %(name)s,") % {"name": user.first_name or user.email},
            "",
            notice.body or notice.title,
            "",
        ]
        if notice.link:
            lines += [_("Apri nel portale:"), portal_url(notice.link), ""]
        lines += [
            _("Trovi tutti i tuoi avvisi nella tua area riservata, alla pagina «Avvisi»:"),
            portal_url(reverse("notifications:list")),
            "",
            _("Brescia Città del Noi — Comune di Brescia"),
        ]
        return notice.title, "\n".join(lines) + "\n"


def notice_emails_send(*, notice_ids: Iterable[int]) -> int:
    """Email each notice once: the row is claimed with a conditional update before sending,
    so a duplicate delivery of the task sends nothing. A failed send releases the claim and
    raises, so the task is retried. Returns how many were sent."""
    sent = 0
    failed: Exception | None = None
    for notice in Notice.objects.filter(
        pk__in=list(notice_ids), send_email=True, emailed_at__isnull=True
    ).select_related("recipient"):
        if not notice.recipient.email or not notice.recipient.is_active:
            continue
        claimed = Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        subject, body = notice_email(notice)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
        except Exception as exc:  # the mail server: release the claim, retry later
            Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
            logger.exception("Could not email notice %s", notice.pk)
            failed = exc
            continue
        sent += 1
    if failed is not None:
        raise failed
    return sent


def notice_emails_send_pending(*, now: Any = None, limit: int = 500) -> int:
    """Beat sweeper: send the emails whose task was never queued (broker down at commit) or
    failed for good; only notices of the last two days, and not the ones just created (their
    own task is on its way; the claim makes a race harmless anyway)."""
    now = now or timezone.now()
    ids = list(
        Notice.objects.filter(
            send_email=True,
            emailed_at__isnull=True,
            created_at__gte=now - timedelta(days=2),
            created_at__lt=now - timedelta(minutes=10),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return notice_emails_send(notice_ids=ids) if ids else 0
