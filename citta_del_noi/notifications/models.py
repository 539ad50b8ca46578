"""Notices shown in the reserved area ("Avvisi") and emailed to their recipient."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import DOCUMENT_TEXT_MAX


class Notice(models.Model):
    """Something that happened to what the recipient sent or looks after.

    `kind` names the event as "<app>.<event>" (e.g. "cantieri.activity_returned"); `link` is a
    path inside the portal (emails make it absolute with PORTAL_BASE_URL)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("destinatario"),
    )
    kind = models.CharField(_("tipo"), max_length=60)
    title = models.CharField(_("titolo"), max_length=200)
    body = models.TextField(_("testo"), blank=True, max_length=DOCUMENT_TEXT_MAX)
    link = models.CharField(_("collegamento"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("creato il"), default=timezone.now)
    read_at = models.DateTimeField(_("letto il"), null=True, blank=True)
    send_email = models.BooleanField(_("da inviare per email"), default=True)
    emailed_at = models.DateTimeField(_("inviato per email il"), null=True, blank=True)

    class Meta:
        verbose_name = _("avviso")
        verbose_name_plural = _("avvisi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
