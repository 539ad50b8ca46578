"""Needs reported to the agency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citta_del_noi.common.text_limits import LONG_TEXT_MAX

from .base import Stamped
from .welfare import ServiceUnit


class NeedSource(models.TextChoices):
    SURVEY = "indagine", _("Indagine")
    DESK = "punto_comunita", _("Sportello di Punto Comunità")
    COUNCIL = "consiglio", _("Consiglio")
    SERVICE_DATA = "dati_servizi", _("Dati dei servizi")


class NeedStatus(models.TextChoices):
    ANSWERED = "risposto", _("Con risposta")
    PARTLY = "parziale", _("Con risposta parziale")
    NONE = "senza_risposta", _("Senza risposta")


class NoAnswerReason(models.TextChoices):
    NO_RESOURCES = "risorse", _("Mancano risorse")
    NO_PROVIDER = "gestore", _("Manca un soggetto che lo realizzi")
    OUT_OF_SCOPE = "fuori_ambito", _("Fuori dall'ambito del programma")
    NOT_ASSESSED = "da_valutare", _("Non ancora valutato")


# Free-text fields of a need: they refuse recognisable personal data.
NEED_TEXT_FIELDS = ("title", "description", "evidence")


class Need(Stamped):
    title = models.CharField(_("bisogno"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    target_group = models.ForeignKey(
        "cantieri.TargetGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destinatari"),
    )
    quartieri = models.ManyToManyField(
        "territori.Quartiere",
        blank=True,
        related_name="+",
        verbose_name=_("quartieri"),
        help_text=_("Nessun quartiere: bisogno dell'intera città."),
    )
    source = models.CharField(_("fonte"), max_length=16, choices=NeedSource.choices)
    evidence = models.TextField(_("evidenze"), max_length=LONG_TEXT_MAX)
    identified_on = models.DateField(_("rilevato il"))
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=NeedStatus.choices,
        default=NeedStatus.NONE,
        editable=False,
    )
    reason = models.CharField(
        _("motivo della mancata risposta"),
        max_length=16,
        choices=NoAnswerReason.choices,
        default=NoAnswerReason.NOT_ASSESSED,
        blank=True,
    )
    activities = models.ManyToManyField(
        "cantieri.ActivityRecord",
        blank=True,
        related_name="+",
        verbose_name=_("attività che rispondono"),
    )
    service_units = models.ManyToManyField(
        ServiceUnit, blank=True, related_name="needs", verbose_name=_("servizi che rispondono")
    )
    decisions = models.ManyToManyField(
        "consigli.Decision",
        blank=True,
        related_name="+",
        verbose_name=_("decisioni dei consigli"),
    )
    published = models.BooleanField(_("pubblicato"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("bisogno")
        verbose_name_plural = _("registro dei bisogni")
        ordering = ["-identified_on", "title"]
        indexes = [models.Index(fields=["status"], name="agencies_need_status")]

    def __str__(self) -> str:
        return self.title
