"""Evidence attached to activity records: photos and documents, stored privately.

Files go through Django's storage API (the "private" storage: a folder in `make run`, a bucket
prefix with object storage) and are never served by a public media URL: the download view
checks that the viewer may see the record (cantieri/evidence_views.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common import storage as core_storage
from citta_del_noi.common.text_limits import SHORT_TEXT_MAX

from .activities import ActivityRecord

CAPTION_MAX = 300


def evidence_storage() -> Storage:
    return core_storage.private_storage()


class ActivityAttachment(models.Model):
    record = models.ForeignKey(
        ActivityRecord,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("attività"),
    )
    file = models.FileField(_("file"), storage=evidence_storage, upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    kind = models.CharField(_("tipo"), max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("didascalia"), max_length=CAPTION_MAX, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)
    public = models.BooleanField(_("pubblico"), default=False)
    consent_note = models.TextField(_("nota sul consenso"), blank=True, max_length=SHORT_TEXT_MAX)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("reso pubblico il"), null=True, blank=True)

    class Meta:
        verbose_name = _("documentazione dell'attività")
        verbose_name_plural = _("documentazione delle attività")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["public", "record"], name="evidence_public_record")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpeg", "png")
