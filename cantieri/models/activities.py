"""Activity records (aggregate figures only), their corrections and reminders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

from .catalogue import ActivityKind, Azione, FundingSource, ReportingPeriod, TargetGroup


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    SUBMITTED = "submitted", _("Inviata")
    RETURNED = "returned", _("Restituita per correzioni")
    APPROVED = "approved", _("Approvata")


class AgeBand(models.TextChoices):
    """Age bands of participants (the columns of the record's age figures)."""

    A0_5 = "age_0_5", _("0–5 anni")
    A6_13 = "age_6_13", _("6–13 anni")
    A14_17 = "age_14_17", _("14–17 anni")
    A18_29 = "age_18_29", _("18–29 anni")
    A30_64 = "age_30_64", _("30–64 anni")
    A65_79 = "age_65_79", _("65–79 anni")
    A80 = "age_80_plus", _("80 anni e oltre")
    UNKNOWN = "age_unknown", _("età non rilevata")


_COUNT: dict[str, Any] = {"default": 0, "validators": [MinValueValidator(0)]}


class ActivityRecord(models.Model):
    """What an organisation ran in a period, for one action, with aggregate figures only.

    Privacy: this model never stores who the participants are. Only counts.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("organizzazione"),
    )
    azione = models.ForeignKey(
        Azione,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("azione o cantiere"),
    )
    kind = models.ForeignKey(
        ActivityKind,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("tipo di attività"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("periodo di rendicontazione"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(
        _("descrizione"),
        blank=True,
        help_text=_(
            "Descrivi l'attività senza nominare le persone coinvolte: il portale raccoglie solo "
            "dati aggregati, mai dati personali dei beneficiari."
        ),
        max_length=LONG_TEXT_MAX,
    )
    period_start = models.DateField(_("dal"))
    period_end = models.DateField(_("al"))
    city_wide = models.BooleanField(_("intera città"), default=False)
    quartieri = models.ManyToManyField(
        "territori.Quartiere", blank=True, related_name="activities", verbose_name=_("quartieri")
    )
    punto_comunita = models.ForeignKey(
        "territori.PuntoComunita",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Punto Comunità"),
    )
    # Participants (aggregate).
    participants_total = models.PositiveIntegerField(_("partecipanti totali"), **_COUNT)
    participants_new = models.PositiveIntegerField(_("nuovi partecipanti"), **_COUNT)
    participants_returning = models.PositiveIntegerField(_("partecipanti già coinvolti"), **_COUNT)
    participants_female = models.PositiveIntegerField(_("femmine"), **_COUNT)
    participants_male = models.PositiveIntegerField(_("maschi"), **_COUNT)
    participants_sex_unknown = models.PositiveIntegerField(_("sesso non rilevato"), **_COUNT)
    age_0_5 = models.PositiveIntegerField(AgeBand.A0_5.label, **_COUNT)
    age_6_13 = models.PositiveIntegerField(AgeBand.A6_13.label, **_COUNT)
    age_14_17 = models.PositiveIntegerField(AgeBand.A14_17.label, **_COUNT)
    age_18_29 = models.PositiveIntegerField(AgeBand.A18_29.label, **_COUNT)
    age_30_64 = models.PositiveIntegerField(AgeBand.A30_64.label, **_COUNT)
    age_65_79 = models.PositiveIntegerField(AgeBand.A65_79.label, **_COUNT)
    age_80_plus = models.PositiveIntegerField(AgeBand.A80.label, **_COUNT)
    age_unknown = models.PositiveIntegerField(AgeBand.UNKNOWN.label, **_COUNT)
    # People and time.
    volunteers = models.PositiveIntegerField(_("volontari coinvolti"), **_COUNT)
    volunteer_hours = models.DecimalField(
        _("ore di volontariato"), max_digits=9, decimal_places=1, **_COUNT
    )
    staff_hours = models.DecimalField(
        _("ore di personale retribuito"), max_digits=9, decimal_places=1, **_COUNT
    )
    # Non-monetary resources (money is in ActivityFunding, one row per source).
    in_kind_value = models.DecimalField(
        _("valore dei beni in natura (€)"), max_digits=12, decimal_places=2, **_COUNT
    )
    in_kind_description = models.CharField(_("beni in natura"), max_length=300, blank=True)
    spaces = models.CharField(_("spazi utilizzati"), max_length=300, blank=True)
    # Workflow.
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(
        _("commento della revisione"), blank=True, max_length=SHORT_TEXT_MAX
    )
    documented = models.BooleanField(
        _("con documentazione"),
        default=False,
        help_text=_("Segnato dal Comune in revisione: l'attività è documentata da allegati."),
    )
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approvata il"), null=True, blank=True)
    import_key = models.CharField(
        _("chiave di importazione"),
        max_length=100,
        blank=True,
        help_text=_("Codice stabile della riga nel foglio del partner: reimportare aggiorna."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("attività")
        verbose_name_plural = _("attività")
        ordering = ["-period_start", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "azione", "period_start"], name="act_status_azione_start"
            ),
            models.Index(fields=["organization", "reporting_period"], name="act_org_period"),
            models.Index(fields=["reporting_period", "status"], name="act_period_status"),
            # (status, period_start): act_status_list_order (migration 0016, PostgreSQL) leads
            # with the same columns and holds what the lists read; SQLite needs no index here.
            models.Index(fields=["status", "submitted_at"], name="act_status_submitted"),
            # The summary's watermark (cantieri/summary.py) reads the latest of each.
            models.Index(fields=["approved_at"], name="act_approved_at"),
            models.Index(fields=["updated_at"], name="act_updated_at"),
            # The lists' order and the zone set are indexed by migration 0009_list_indexes (covering
            # indexes with the PostgreSQL-only column `zone_ids`; see cantieri/zones.py).
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="activity_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["organization", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_import_key_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    AGE_FIELDS = tuple(band.value for band in AgeBand)


class ActivityTargetCount(models.Model):
    """Participants of a record by target group."""

    activity = models.ForeignKey(
        ActivityRecord, on_delete=models.CASCADE, related_name="target_counts"
    )
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("partecipanti"), **_COUNT)

    class Meta:
        verbose_name = _("partecipanti per destinatari")
        verbose_name_plural = _("partecipanti per destinatari")
        constraints = [
            models.UniqueConstraint(fields=["activity", "target_group"], name="unique_target_count")
        ]

    def __str__(self) -> str:
        return f"{self.target_group_id}: {self.participants}"


class ActivityFunding(models.Model):
    """Money used by a record, per funding source."""

    activity = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="fundings")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("importo (€)"), max_digits=12, decimal_places=2, **_COUNT)

    class Meta:
        verbose_name = _("risorse per fonte")
        verbose_name_plural = _("risorse per fonte")
        constraints = [
            models.UniqueConstraint(fields=["activity", "source"], name="unique_activity_funding")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.amount}"


class ActivityCorrection(models.Model):
    """A documented change to a record of a locked period: who, when, why. Reopens review."""

    activity = models.ForeignKey(
        ActivityRecord,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("attività"),
    )
    reason = models.TextField(_("motivo della correzione"), max_length=SHORT_TEXT_MAX)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("richiesta da"),
    )
    created_at = models.DateTimeField(_("aperta il"), auto_now_add=True)
    changes = models.JSONField(_("modifiche"), default=dict, blank=True)

    class Meta:
        verbose_name = _("correzione documentata")
        verbose_name_plural = _("correzioni documentate")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity} — {self.created_at:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder sent: makes reminder tasks idempotent (never twice for the same key)."""

    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_reminder")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
