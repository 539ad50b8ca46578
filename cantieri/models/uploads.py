"""Spreadsheet imports of activity records (stored privately)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common import storage as core_storage


def private_storage() -> Storage:
    """Uploaded spreadsheets are never served by URL (citta_del_noi/common/storage.py)."""
    return core_storage.private_storage()


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Anteprima")
    RUNNING = "running", _("In corso")
    DONE = "done", _("Completata")
    FAILED = "failed", _("Non riuscita")


class ActivityImport(models.Model):
    """An uploaded spreadsheet between preview and confirmation, then its report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    file_format = models.CharField(max_length=5)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    job_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importazione di attività")
        verbose_name_plural = _("importazioni di attività")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
