"""Indicators of the actions, their targets and measurements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX

from ..indicator_choices import (
    IndicatorAggregation,
    IndicatorComputation,
    check_aggregation,
    default_aggregation,
)
from .catalogue import Azione, ReportingPeriod, TargetGroup


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output (realizzazione)")
    OUTCOME = "outcome", _("Outcome (risultato)")


PEOPLE_COMPUTATIONS = frozenset(
    {
        IndicatorComputation.PARTICIPANTS,
        IndicatorComputation.NEW_PARTICIPANTS,
        IndicatorComputation.VOLUNTEERS,
    }
)
PEOPLE_UNITS = frozenset(
    {"persone", "partecipanti", "volontari", "beneficiari", "utenti", "famiglie", "nuclei"}
)


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("Più alto è meglio")
    LOWER = "lower", _("Più basso è meglio")


AGGREGATION_HELP = _(
    "Come si ottiene il valore di più periodi o di più luoghi (zone, quartieri). "
    "Somma: i valori dei periodi e dei luoghi si sommano (persone, ore, attività). "
    "Media ponderata: numeratori e denominatori si sommano separatamente e poi si dividono "
    "(per le misurazioni: ogni valore pesa quanto la sua base, es. il numero di rispondenti); "
    "senza denominatore è la media semplice. "
    "Media semplice: media dei valori dei periodi. "
    "Ultimo valore: il valore dell'ultimo periodo con dati. "
    "Valore massimo: il valore più alto di un periodo. "
    "Conteggio distinto: gli elementi diversi raggiunti in tutti i periodi e luoghi (quartieri, "
    "organizzazioni), mai più di quelli che esistono. "
    "Nei luoghi i valori calcolati dalle attività si sommano sempre (ogni attività è ripartita "
    "tra i suoi quartieri). Percentuali e tassi non si sommano mai. "
    "L'obiettivo di più periodi segue la stessa regola (somma, media, ultimo, massimo). "
    "Se lasciata vuota vale la regola del significato: conteggio distinto per quartieri e "
    "organizzazioni, media ponderata per percentuali e tassi, ultimo valore per le altre "
    "misurazioni, somma per il resto."
)


class Indicator(models.Model):
    """An output or outcome indicator of an action, with baseline and targets."""

    azione = models.ForeignKey(
        Azione,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("azione o cantiere"),
    )
    code = models.SlugField(
        _("codice"),
        max_length=50,
        unique=True,
        help_text=_("Codice stabile dell'indicatore (es. c2-partecipanti)."),
    )
    name = models.CharField(_("nome"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(_("unità di misura"), max_length=50)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    computation = models.CharField(
        _("calcolo"),
        max_length=30,
        choices=IndicatorComputation.choices,
        help_text=_("Calcolato dalle attività approvate oppure misurato a mano (con la fonte)."),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("gruppo di destinatari"),
        help_text=_("Se indicato, conta solo i partecipanti di questo gruppo."),
    )
    baseline_value = models.DecimalField(
        _("valore di partenza"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("anno di partenza"), null=True, blank=True)
    direction = models.CharField(
        _("direzione"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
        help_text=_(
            "Decide quando l'obiettivo è raggiunto: valore almeno pari all'obiettivo se più alto "
            "è meglio, al più pari all'obiettivo se più basso è meglio (es. abbandono scolastico)."
        ),
    )
    aggregation = models.CharField(
        _("aggregazione"),
        max_length=15,
        choices=IndicatorAggregation.choices,
        blank=True,
        default="",
        help_text=AGGREGATION_HELP,
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["azione__number", "order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_aggregation(self)

    @property
    def aggregation_rule(self) -> str:
        """The aggregation that applies: the declared one, else the one its meaning implies."""
        return self.aggregation or default_aggregation(self.computation, self.unit)

    @property
    def is_manual(self) -> bool:
        return self.computation == IndicatorComputation.MANUAL

    @property
    def counts_people(self) -> bool:
        """Its value is a number of people (participants, volunteers, or a measured count whose
        unit is people): published figures are then subject to disclosure control."""
        if self.computation in PEOPLE_COMPUTATIONS:
            return True
        return self.is_manual and self.unit.strip().lower() in PEOPLE_UNITS


class IndicatorTarget(models.Model):
    """The value an indicator should reach in a reporting period or in a year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicatore"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periodo di rendicontazione"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True)
    value = models.DecimalField(_("valore obiettivo"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("obiettivo dell'indicatore")
        verbose_name_plural = _("obiettivi degli indicatori")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reporting_period__isnull=False) | models.Q(year__isnull=False),
                name="target_period_or_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "reporting_period"],
                condition=models.Q(reporting_period__isnull=False),
                name="unique_target_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(reporting_period__isnull=True),
                name="unique_target_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.reporting_period or self.year}: {self.value}"


class Measurement(models.Model):
    """A manually entered value of an indicator, with its source."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicatore"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periodo di rendicontazione"),
    )
    measured_on = models.DateField(_("data della misurazione"))
    value = models.DecimalField(_("valore"), max_digits=14, decimal_places=2)
    base = models.PositiveIntegerField(
        _("base (denominatore)"),
        null=True,
        blank=True,
        help_text=_(
            "Per percentuali e tassi: su quante persone o casi è calcolato il valore (es. il "
            "numero di rispondenti). Serve alla media ponderata di più periodi."
        ),
    )
    source = models.CharField(
        _("fonte"), max_length=300, help_text=_("Da dove viene il dato (indagine, registro…).")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inserita da"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("misurazione")
        verbose_name_plural = _("misurazioni")
        ordering = ["-measured_on", "-pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"], name="measure_ind_date")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
