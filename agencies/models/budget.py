"""Agency budget: source allocations, budget lines, expenditures, fundraising."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX

from .base import Agency, Stamped

# ---------------------------------------------------------------------------------------------
# Finanza
# ---------------------------------------------------------------------------------------------


class SourceAllocation(Stamped):
    """The total a funding source makes available in one year."""

    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fonte"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(2015)])
    amount = models.DecimalField(
        _("totale (€)"), validators=[MinValueValidator(0)], max_digits=12, decimal_places=2
    )
    note = models.CharField(_("nota"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stanziamento della fonte")
        verbose_name_plural = _("stanziamenti delle fonti")
        ordering = ["-year", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="agencies_allocation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


class BudgetLine(Stamped):
    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fonte"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(2015)])
    azione = models.ForeignKey(
        "cantieri.Azione",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("azione"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("agenzia"),
    )
    description = models.CharField(_("voce"), max_length=200)
    amount = models.DecimalField(
        _("importo (€)"), validators=[MinValueValidator(0)], max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("voce di bilancio")
        verbose_name_plural = _("bilancio per azione, agenzia e anno")
        ordering = ["-year", "azione__number", "description"]

    def __str__(self) -> str:
        return f"{self.year} · {self.description}"


class ExpenditureKind(models.TextChoices):
    COMMITMENT = "impegno", _("Impegno")
    PAYMENT = "spesa", _("Spesa")


class Expenditure(Stamped):
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("voce di bilancio"),
    )
    kind = models.CharField(_("tipo"), max_length=8, choices=ExpenditureKind.choices)
    date = models.DateField(_("data"))
    amount = models.DecimalField(
        _("importo (€)"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=12,
        decimal_places=2,
    )
    description = models.CharField(_("descrizione"), max_length=300)
    activity = models.ForeignKey(
        "cantieri.ActivityRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attività collegata"),
    )

    class Meta:
        verbose_name = _("impegno o spesa")
        verbose_name_plural = _("impegni e spese")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.description


class Fundraising(Stamped):
    title = models.CharField(_("campagna"), max_length=200)
    description = models.TextField(_("descrizione"), max_length=LONG_TEXT_MAX)
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"))
    target_amount = models.DecimalField(_("obiettivo (€)"), max_digits=12, decimal_places=2)
    raised_amount = models.DecimalField(
        _("raccolto (€)"),
        default=0,
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
    )
    donations = models.PositiveIntegerField(_("numero di donazioni"), default=0)
    published = models.BooleanField(_("pubblicata"), default=False)

    class Meta:
        verbose_name = _("campagna di raccolta fondi")
        verbose_name_plural = _("campagne di raccolta fondi")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title
