"""Comunicazione: public pages and the newsletter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from citta_del_noi.jobs.queue import enqueue

from ..models import (
    Newsletter,
    NewsletterStatus,
    PublicPage,
    Subscriber,
)
from ..rules import can_edit_pages
from ._common import _can_manage

CONFIRM_SALT = "agencies.newsletter.confirm"
UNSUBSCRIBE_SALT = "agencies.newsletter.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


# --- Comunicazione: pages and newsletter ------------------------------------------------------


@transaction.atomic
def page_save(*, kind: str, target: Any, intro: str, body: str, by: Any) -> PublicPage:

    if not can_edit_pages(by):
        raise PermissionDenied
    field = {"azione": "azione", "agenzia": "agency", "punto": "punto"}[kind]
    page, _created = PublicPage.objects.get_or_create(kind=kind, **{field: target})
    page.intro, page.body, page.updated_by = intro, body, by
    page.save()
    return page


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def confirm_url(subscriber: Subscriber) -> str:
    token = TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))
    return _absolute(reverse("agencies:newsletter_confirm", kwargs={"token": token}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))
    return _absolute(reverse("agencies:newsletter_unsubscribe", kwargs={"token": token}))


@transaction.atomic
def subscribe(*, email: str) -> Subscriber:
    """Double opt-in: the address is active only after the link in the email is followed."""
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if subscriber.is_active:
        return subscriber
    if subscriber.unsubscribed_at:
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.save(update_fields=["unsubscribed_at", "confirmed_at"])
    url = confirm_url(subscriber)
    transaction.on_commit(
        lambda: EmailMessage(
            subject=_("Conferma l'iscrizione alla newsletter di Brescia Città del Noi"),
            body=_(
                "Per confermare l'iscrizione alla newsletter apri questo collegamento entro "
                "7 giorni:\n%(url)s\n\nSe non hai chiesto tu l'iscrizione, ignora questo "
                "messaggio: senza conferma non riceverai nulla."
            )
            % {"url": url},
            to=[email],
        ).send()
    )
    return subscriber


def subscriber_from_token(token: str, *, salt: str, max_age: int | None = None) -> Subscriber:
    try:
        value = TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationError(_("Il collegamento è scaduto: ripeti l'iscrizione.")) from exc
    except BadSignature as exc:
        raise ValidationError(_("Il collegamento non è valido.")) from exc
    subscriber = Subscriber.objects.filter(pk=int(value)).first()
    if subscriber is None:
        raise ValidationError(_("Il collegamento non è valido."))
    return subscriber


def subscription_confirm(*, token: str) -> Subscriber:
    subscriber = subscriber_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def unsubscribe(*, token: str) -> Subscriber:
    subscriber = subscriber_from_token(token, salt=UNSUBSCRIBE_SALT)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def newsletter_send(*, newsletter: Newsletter, by: Any) -> Newsletter:
    """Queue the sending: the worker sends it (task agencies.tasks.send_newsletter)."""
    if not _can_manage(by, "comunicazione"):
        raise PermissionDenied
    with transaction.atomic():
        updated = Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.DRAFT).update(
            status=NewsletterStatus.SENDING
        )
        if not updated:
            raise ValidationError(_("Questa newsletter è già stata inviata o è in invio."))
        transaction.on_commit(lambda: enqueue("agencies.tasks.send_newsletter", newsletter.pk))
    newsletter.refresh_from_db()
    return newsletter


def newsletter_deliver(*, newsletter_id: int) -> int:
    """Send to every confirmed subscriber, with List-Unsubscribe (RFC 2369 + RFC 8058)."""
    newsletter = Newsletter.objects.filter(
        pk=newsletter_id, status=NewsletterStatus.SENDING
    ).first()
    if newsletter is None:
        return 0
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")
    sent = 0
    connection = get_connection()
    batch: list[EmailMessage] = []
    for subscriber in subscribers.iterator(chunk_size=500):
        url = unsubscribe_url(subscriber)
        body = (
            newsletter.body
            + "\n\n--\n"
            + _("Per non ricevere più la newsletter: %(url)s") % {"url": url}
        )
        batch.append(
            EmailMessage(
                subject=newsletter.subject,
                body=body,
                to=[subscriber.email],
                connection=connection,
                headers={
                    "List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )
        if len(batch) >= 100:
            sent += connection.send_messages(batch) or 0
            batch = []
    if batch:
        sent += connection.send_messages(batch) or 0
    Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.SENDING).update(
        status=NewsletterStatus.SENT, sent_at=timezone.now(), recipients=sent
    )
    return sent
