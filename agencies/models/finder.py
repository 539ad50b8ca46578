"""What the public service finder needs beyond the welfare map: weekly opening slots of a
service unit or of a Punto Comunità ("aperto ora", "giorni")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    # ISO numbering (Monday = 1), as PostgreSQL's isodow and Python's isoweekday().
    LUN = 1, _("lunedì")
    MAR = 2, _("martedì")
    MER = 3, _("mercoledì")
    GIO = 4, _("giovedì")
    VEN = 5, _("venerdì")
    SAB = 6, _("sabato")
    DOM = 7, _("domenica")


class OpeningSlot(models.Model):
    """One weekly opening slot (e.g. lunedì 9:00–12:00) of a unit or of a Punto Comunità."""

    unit = models.ForeignKey(
        "agencies.ServiceUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opening_slots",
        verbose_name=_("unità di offerta"),
    )
    punto = models.ForeignKey(
        "territori.PuntoComunita",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opening_slots",
        verbose_name=_("Punto Comunità"),
    )
    weekday = models.PositiveSmallIntegerField(_("giorno"), choices=Weekday.choices)
    opens = models.TimeField(_("dalle"))
    closes = models.TimeField(_("alle"))

    class Meta:
        verbose_name = _("orario di apertura")
        verbose_name_plural = _("orari di apertura")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(punto__isnull=True))
                | (Q(unit__isnull=True) & Q(punto__isnull=False)),
                name="agencies_openingslot_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="agencies_openingslot_order"
            ),
        ]
        indexes = [models.Index(fields=["weekday", "opens", "closes"], name="agencies_slot_day")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError({"closes": _("L'orario di chiusura segue quello di apertura.")})
