"""The job row: one piece of long work (import, PDF build, newsletter...) and its state."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import handler_label


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("In coda")
    RUNNING = "running", _("In corso")
    DONE = "done", _("Completato")
    FAILED = "failed", _("Non riuscito")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
QUEUED_STUCK_AFTER = timedelta(minutes=5)  # queued this long: no worker took it


def stale_after() -> timedelta:
    """A running job whose heartbeat is older than this is presumed dead (its worker beats
    every JOBS_HEARTBEAT_SECONDS while it runs: see heartbeat.py)."""
    return timedelta(seconds=int(getattr(settings, "JOBS_STALE_AFTER_SECONDS", 30)))


class Job(models.Model):
    kind = models.CharField(_("tipo"), max_length=100)
    params = models.JSONField(_("parametri"), default=dict, blank=True)
    params_hash = models.CharField(_("impronta dei parametri"), max_length=64, db_index=True)
    # Set only for jobs started with dedupe=True: at most one active job per key (race-safe).
    dedupe_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    status = models.CharField(
        _("stato"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avanzamento"), default=0)
    step = models.CharField(_("fase"), max_length=200, blank=True)
    result_file = models.FileField(_("file del risultato"), max_length=300, blank=True)
    result = models.JSONField(_("risultato"), null=True, blank=True)
    error = models.TextField(_("errore"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avviato da"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    started_at = models.DateTimeField(_("avviato il"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminato il"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("ultimo segnale"), null=True, blank=True)
    target_ct = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_ct", "target_id")

    class Meta:
        verbose_name = _("lavoro")
        verbose_name_plural = _("lavori")
        permissions = [("restart_job", _("Può riavviare un lavoro bloccato"))]
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="jobs_status_created_idx"),
            models.Index(fields=["target_ct", "target_id"], name="jobs_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=["queued", "running"]) & Q(dedupe_key__isnull=False),
                name="jobs_one_active_per_dedupe_key",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="jobs_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_stuck(self) -> bool:
        """Active but nobody is working on it: no heartbeat for JOBS_STALE_AFTER_SECONDS, or
        still queued after QUEUED_STUCK_AFTER (no worker, or the sweep is not running)."""
        now = timezone.now()
        if self.status == JobStatus.RUNNING:
            return self.heartbeat_at is None or self.heartbeat_at < now - stale_after()
        if self.status == JobStatus.QUEUED:
            return self.created_at is not None and self.created_at < now - QUEUED_STUCK_AFTER
        return False

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def kind_label(self) -> str:

        return str(handler_label(self.kind))

    @property
    def result_filename(self) -> str:
        return self.result_file.name.rsplit("/", 1)[-1] if self.result_file else ""
