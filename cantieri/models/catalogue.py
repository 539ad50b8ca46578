"""Reference data: target groups, the seven actions, activity kinds, funding, periods."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX


class TargetGroup(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=100)
    sensitive = models.BooleanField(
        _("categoria particolare"),
        default=False,
        help_text=_("Dati su salute o disabilità (art. 9 GDPR): soglia di riservatezza più alta."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("gruppo di destinatari")
        verbose_name_plural = _("gruppi di destinatari")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Azione(models.Model):
    """Azione 1 (system action, governance) and the six thematic cantieri (Azioni 2–7)."""

    class Kind(models.TextChoices):
        SISTEMA = "sistema", _("Azione di sistema")
        CANTIERE = "cantiere", _("Cantiere tematico")

    number = models.PositiveSmallIntegerField(_("numero"), unique=True)
    slug = models.SlugField(
        _("identificativo stabile"),
        unique=True,
        help_text=_("Non cambia mai: lo usano collegamenti, importazioni e dati aperti."),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nome"), max_length=150)
    theme = models.CharField(_("tema"), max_length=150)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    name_confirmed = models.BooleanField(
        _("nome confermato"),
        default=False,
        help_text=_("Falso per i titoli di lavoro non ancora verificati."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="azioni", verbose_name=_("destinatari")
    )

    class Meta:
        verbose_name = _("azione")
        verbose_name_plural = _("azioni")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_cantiere(self) -> bool:
        return self.kind == self.Kind.CANTIERE


class ActivityKind(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=100)

    class Meta:
        verbose_name = _("tipo di attività")
        verbose_name_plural = _("tipi di attività")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.Model):
    """Where money comes from: the foundation grant, the Comune, partners, donations…"""

    class Sector(models.TextChoices):
        PUBLIC = "pubblico", _("Pubblica")
        PRIVATE = "privato", _("Privata")

    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=150)
    sector = models.CharField(_("natura"), max_length=10, choices=Sector.choices)
    is_main_grant = models.BooleanField(
        _("contributo principale"),
        default=False,
        help_text=_("Il contributo di Fondazione Cariplo: base del calcolo della leva."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fonte di finanziamento")
        verbose_name_plural = _("fonti di finanziamento")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(models.Model):
    """A period partners report on. Once locked, records change only by documented correction."""

    name = models.CharField(_("nome"), max_length=50, unique=True)
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"))
    closes_on = models.DateField(
        _("scadenza per l'invio"), help_text=_("Ultimo giorno per inviare i dati del periodo.")
    )
    locked_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chiuso da"),
    )

    class Meta:
        verbose_name = _("periodo di rendicontazione")
        verbose_name_plural = _("periodi di rendicontazione")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None
