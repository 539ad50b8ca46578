"""Calls for proposals: criteria, applications, evaluation, grants."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.role_rows import RoleRowsQuerySet
from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

from .base import _USER, Stamped


class CallStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    PUBLISHED = "pubblicato", _("Pubblicato")
    CLOSED = "chiuso", _("Chiuso, in valutazione")
    AWARDED = "assegnato", _("Graduatoria approvata")


class Call(Stamped):
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), max_length=LONG_TEXT_MAX)
    budget = models.DecimalField(_("dotazione (€)"), max_digits=12, decimal_places=2)
    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fonte"),
    )
    deadline = models.DateTimeField(_("scadenza per le domande"))
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=CallStatus.choices,
        default=CallStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bando")
        verbose_name_plural = _("bandi")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title


class CallCriterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bando")
    )
    name = models.CharField(_("criterio"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("peso"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("punteggio massimo"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "presentata", _("Presentata")
    AWARDED = "finanziata", _("Finanziata")
    NOT_AWARDED = "non_finanziata", _("Non finanziata")


class Application(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="applications", verbose_name=_("bando")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    title = models.CharField(_("titolo del progetto"), max_length=200)
    summary = models.TextField(_("sintesi del progetto"), max_length=LONG_TEXT_MAX)
    requested_amount = models.DecimalField(
        _("contributo richiesto (€)"),
        validators=[MinValueValidator(1)],
        max_digits=12,
        decimal_places=2,
    )
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("presentata il"))
    submitted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="agencies_app_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"


class EvaluatorAssignment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("valutatore")
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = RoleRowsQuerySet.as_manager()  # bulk writes bump the role cache

    class Meta:
        verbose_name = _("incarico di valutazione")
        verbose_name_plural = _("incarichi di valutazione")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="agencies_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.evaluator}"


class Score(models.Model):
    assignment = models.ForeignKey(
        EvaluatorAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("punteggio"))
    comment = models.CharField(_("motivazione"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="agencies_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class GrantStatus(models.TextChoices):
    AWARDED = "assegnato", _("Assegnato")
    RUNNING = "in_corso", _("In corso")
    REPORTED = "rendicontato", _("Rendicontato")
    CLOSED = "chiuso", _("Chiuso")
    REVOKED = "revocato", _("Revocato")


class Grant(Stamped):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name=_("domanda")
    )
    amount = models.DecimalField(_("contributo assegnato (€)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("stato"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.AWARDED
    )
    notes = models.TextField(_("note di monitoraggio"), blank=True, max_length=SHORT_TEXT_MAX)

    class Meta:
        verbose_name = _("contributo assegnato")
        verbose_name_plural = _("contributi assegnati")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application} · {self.amount}"
