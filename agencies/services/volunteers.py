"""Risorse umane: people raising (interests in volunteer calls)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citta_del_noi.jobs.queue import enqueue

from ..models import (
    VolunteerCall,
    VolunteerInterest,
)


def interest_retention_days() -> int:
    return int(getattr(settings, "VOLUNTEER_INTEREST_RETENTION_DAYS", 180))


# --- Risorse umane: people raising -----------------------------------------------------------


@transaction.atomic
def interest_submit(*, call: VolunteerCall, data: dict[str, Any]) -> VolunteerInterest:
    if not data.get("consent"):
        raise ValidationError(
            {
                "consent": _(
                    "Per inviare la disponibilità serve il consenso al trattamento dei dati."
                )
            }
        )
    interest = VolunteerInterest.objects.create(
        call=call,
        name=data["name"],
        email=data["email"],
        phone=data.get("phone", ""),
        message=data.get("message", ""),
        consent=True,
        delete_after=timezone.localdate() + timedelta(days=interest_retention_days()),
    )
    transaction.on_commit(lambda: enqueue("agencies.tasks.forward_volunteer_interest", interest.pk))
    return interest


def interest_forward(*, interest_id: int) -> bool:
    """Email the interest to the organisation; once only."""
    with transaction.atomic():
        interest = (
            VolunteerInterest.objects.select_for_update()
            .select_related("call__organization")
            .filter(pk=interest_id, forwarded_at__isnull=True)
            .first()
        )
        if interest is None:
            return False
        call = interest.call
        body = _(
            "Una persona ha risposto alla ricerca di volontari «%(call)s».\n\n"
            "Nome: %(name)s\nEmail: %(email)s\nTelefono: %(phone)s\n\nMessaggio:\n%(message)s\n\n"
            "Ha dato il consenso al trattamento dei dati per essere ricontattata. Il portale "
            "cancellerà la richiesta il %(until)s."
        ) % {
            "call": call.title,
            "name": interest.name,
            "email": interest.email,
            "phone": interest.phone or "-",
            "message": interest.message or "-",
            "until": formats.date_format(interest.delete_after, "SHORT_DATE_FORMAT"),
        }
        EmailMessage(
            subject=_("Nuova disponibilità di volontariato: %(call)s") % {"call": call.title},
            body=body,
            to=[call.contact_email],
            reply_to=[interest.email],
        ).send()
        interest.forwarded_at = timezone.now()
        interest.save(update_fields=["forwarded_at"])
        return True


def interests_purge_expired(*, today: Any = None) -> int:
    """Delete every interest whose retention period ended (run by Celery beat)."""
    today = today or timezone.localdate()
    deleted, _detail = VolunteerInterest.objects.filter(delete_after__lt=today).delete()
    return deleted
