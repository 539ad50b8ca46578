"""The accessibility statement (AgID's model, Linee guida sull'accessibilità, 2020): compliance
status, date of the last review, the content that is not accessible and why, the feedback
mechanism and the link to AgID's enforcement procedure. Staff edit it in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX

AGID_ENFORCEMENT_URL = "https://form.agid.gov.it/"


class ComplianceStatus(models.TextChoices):
    FULL = "conforme", _("conforme")
    PARTIAL = "parzialmente_conforme", _("parzialmente conforme")
    NONE = "non_conforme", _("non conforme")


class AccessibilityStatement(models.Model):
    """One row: the statement published at /accessibilita/ (the latest reviewed one)."""

    site_url = models.URLField(_("indirizzo del sito"), default="https://cittadelnoi.example.org/")
    status = models.CharField(
        _("stato di conformità"),
        max_length=24,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    reviewed_on = models.DateField(_("data dell'ultimo riesame"))
    method = models.TextField(
        _("metodo di valutazione"),
        max_length=LONG_TEXT_MAX,
        help_text=_("Per esempio: autovalutazione con strumenti automatici e verifiche manuali."),
    )
    feedback_email = models.EmailField(
        _("email per le segnalazioni"),
        help_text=_("Le segnalazioni di accessibilità arrivano a questo indirizzo del Comune."),
    )
    feedback_url = models.URLField(_("modulo per le segnalazioni (facoltativo)"), blank=True)
    enforcement_url = models.URLField(
        _("procedura di attuazione AgID"), default=AGID_ENFORCEMENT_URL
    )
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("dichiarazione di accessibilità")
        verbose_name_plural = _("dichiarazioni di accessibilità")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.reviewed_on:%d/%m/%Y})"


class NonAccessibleReason(models.TextChoices):
    NON_COMPLIANCE = "non_conformita", _("inosservanza della legge 4/2004")
    DISPROPORTIONATE = "onere_sproporzionato", _("onere sproporzionato")
    OUT_OF_SCOPE = "fuori_ambito", _("contenuto fuori dall'ambito della legge")


class NonAccessibleContent(models.Model):
    statement = models.ForeignKey(
        AccessibilityStatement, on_delete=models.CASCADE, related_name="non_accessible"
    )
    content = models.CharField(_("contenuto non accessibile"), max_length=300)
    reason = models.CharField(
        _("motivo"),
        max_length=24,
        choices=NonAccessibleReason.choices,
        default=NonAccessibleReason.NON_COMPLIANCE,
    )
    explanation = models.TextField(
        _("spiegazione e alternative accessibili"), blank=True, max_length=LONG_TEXT_MAX
    )
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("contenuto non accessibile")
        verbose_name_plural = _("contenuti non accessibili")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.content
