"""Reminders of activity records (services called by the beat tasks in tasks.py).

Reminders are idempotent: each sent reminder leaves a ReminderLog row with a unique key
("period-closing:<period>:<organisation>" once per period, "review:<date>:<user>" once a day),
created before the email in the same transaction, so a second run sends nothing. The
period-closing reminder is a notice to the referents (services.period_closing_notify).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.roles import GROUP_ADMIN, GROUP_STAFF

from . import services
from .models import ActivityRecord, ActivityStatus, ReportingPeriod
from .selectors import activities_visible_to


def send_period_closing_reminders(*, today: date | None = None) -> int:
    """Tell the referents (in-portal notice and email) of organisations with something still to
    do for a period closing within PERIOD_CLOSING_REMINDER_DAYS days; once per period and
    organisation (services.period_closing_notify). Returns how many organisations were told."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PERIOD_CLOSING_REMINDER_DAYS)
    periods = ReportingPeriod.objects.filter(
        locked_at__isnull=True, closes_on__gte=today, closes_on__lte=horizon
    ).order_by("closes_on", "pk")
    return sum(services.period_closing_notify(period=period) for period in periods)


def send_review_reminders(*, now: Any = None) -> int:
    """Email each staff member who can see records waiting for review for more than
    REVIEW_REMINDER_DAYS days; once a day at most."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REVIEW_REMINDER_DAYS)
    waiting = ActivityRecord.objects.filter(
        status=ActivityStatus.SUBMITTED, submitted_at__lt=cutoff
    )
    if not waiting.exists():
        return 0
    staff = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=[GROUP_STAFF, GROUP_ADMIN]), is_active=True
    ).distinct()
    base = settings.PORTAL_BASE_URL.rstrip("/")
    day = timezone.localdate(now).isoformat()
    sent = 0
    for user in staff:
        count = (
            activities_visible_to(user)
            .filter(status=ActivityStatus.SUBMITTED, submitted_at__lt=cutoff)
            .aggregate(n=Count("pk"))["n"]
        )
        if not count:
            continue
        with transaction.atomic():
            if not services.reminder_log_once("review", f"{day}:{user.pk}", 1):
                continue
            send_mail(
                _("%(n)s attività attendono la revisione") % {"n": count},
                _(
                    "Ci sono %(n)s attività inviate da più di %(days)s giorni che attendono la "
                    "revisione:\n%(url)s\n\nBrescia Città del Noi"
                )
                % {
                    "n": count,
                    "days": settings.REVIEW_REMINDER_DAYS,
                    "url": base + reverse("cantieri:review_queue"),
                },
                None,
                [user.email],
            )
        sent += 1
    return sent
