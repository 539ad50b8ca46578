"""The note a redaction leaves: who removed which field of which record, when and why.

It never holds the removed value."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import SHORT_TEXT_MAX


class RedactionLog(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("tipo di dato")
    )
    object_id = models.CharField(_("identificativo del record"), max_length=64)
    field = models.CharField(_("campo"), max_length=100)
    field_label = models.CharField(_("nome del campo"), max_length=200)
    reason = models.TextField(_("motivo"), max_length=SHORT_TEXT_MAX)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rimosso da"),
    )
    redacted_at = models.DateTimeField(_("rimosso il"), auto_now_add=True)
    history_rows = models.PositiveIntegerField(_("versioni della storia riscritte"), default=0)

    class Meta:
        verbose_name = _("rimozione di dati personali")
        verbose_name_plural = _("rimozioni di dati personali")
        ordering = ["-redacted_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="privacy_redaction_obj"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field}"
