"""What an indicator computes and how its values aggregate: the choices and the rules that say
which aggregation an indicator may declare. Below models.py (the Indicator model validates with
them) and indicator_rules.py (which computes the figures), so neither imports the other."""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _


class DeclaresAggregation(Protocol):
    computation: str
    unit: str
    aggregation: str


class IndicatorComputation(models.TextChoices):
    """How an indicator's value is obtained: computed from approved records, or measured."""

    PARTICIPANTS = "participants", _("Partecipanti (somma)")
    NEW_PARTICIPANTS = "new_participants", _("Nuovi partecipanti (somma)")
    ACTIVITIES = "activities", _("Numero di attività")
    VOLUNTEERS = "volunteers", _("Volontari coinvolti (somma)")
    VOLUNTEER_HOURS = "volunteer_hours", _("Ore di volontariato (somma)")
    STAFF_HOURS = "staff_hours", _("Ore di personale (somma)")
    QUARTIERI = "quartieri", _("Quartieri raggiunti (numero)")
    ORGANIZATIONS = "organizations", _("Organizzazioni attive (numero)")
    NEW_PARTICIPANTS_SHARE = "new_participants_share", _("Quota di nuovi partecipanti (%)")
    MANUAL = "manual", _("Misurazione inserita a mano")


class IndicatorAggregation(models.TextChoices):
    """How an indicator's values of several periods (and places) make one figure.

    The rules themselves are in cantieri/indicator_rules.py (one function per kind)."""

    SUM = "sum", _("Somma")
    WEIGHTED_MEAN = "weighted_mean", _("Media ponderata")
    MEAN = "mean", _("Media semplice")
    LAST = "last", _("Ultimo valore")
    MAX = "max", _("Valore massimo")
    DISTINCT = "distinct", _("Conteggio distinto")


Agg = IndicatorAggregation
Comp = IndicatorComputation

#: Computations that count distinct things (quartieri, organisations) rather than add up.
DISTINCT_COMPUTATIONS = frozenset({Comp.QUARTIERI, Comp.ORGANIZATIONS})
#: Computations that are a ratio of two sums: (numerator field, denominator field, scale).
RATIO_COMPUTATIONS: dict[str, tuple[str, str, float]] = {
    Comp.NEW_PARTICIPANTS_SHARE: ("participants_new", "participants", 100.0),
}


def is_rate(computation: str, unit: str) -> bool:
    """Percentages and rates: they never sum."""
    text = (unit or "").strip().lower()
    return (
        computation in RATIO_COMPUTATIONS
        or "%" in text
        or "‰" in text
        or text.startswith(("percent", "tasso", "per 1", "per 100"))
    )


def allowed_aggregations(computation: str, unit: str) -> list[str]:
    if computation in DISTINCT_COMPUTATIONS:
        return [Agg.DISTINCT, Agg.LAST, Agg.MAX, Agg.MEAN]
    if is_rate(computation, unit):
        return [Agg.WEIGHTED_MEAN, Agg.MEAN, Agg.LAST, Agg.MAX]
    return [Agg.SUM, Agg.WEIGHTED_MEAN, Agg.MEAN, Agg.LAST, Agg.MAX]


def default_aggregation(computation: str, unit: str) -> str:
    """What an indicator means by default: distinct counts for quartieri and organisations,
    weighted averages for percentages and rates, the latest measurement for other measured
    values, sums for counts of people, hours and activities."""
    if computation in DISTINCT_COMPUTATIONS:
        return Agg.DISTINCT
    if is_rate(computation, unit):
        return Agg.WEIGHTED_MEAN
    if computation == Comp.MANUAL:
        return Agg.LAST
    return Agg.SUM


def check_aggregation(ind: DeclaresAggregation) -> None:
    """Refuse an aggregation that contradicts the indicator's meaning (a summed percentage, a
    distinct count of something that has no underlying records)."""
    allowed = allowed_aggregations(ind.computation, ind.unit)
    if ind.aggregation and ind.aggregation not in allowed:
        labels = dict(Agg.choices)
        raise ValidationError(
            {
                "aggregation": _g(
                    "Aggregazione non adatta a questo indicatore. Scegli tra: %(choices)s."
                )
                % {"choices": ", ".join(str(labels[a]) for a in allowed)}
            }
        )
