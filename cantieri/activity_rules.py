"""The programme's rules on one activity record, one function per rule, named after it.

`validate_activity` runs them in a fixed order and returns {field: [Italian messages]} (empty
when the record is valid). Forms and import rows call it to show every problem at once; the
services that save call it again (services._check), so no rule lives only in a form.
A rule returns the problems it finds as (field, message) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from citta_del_noi.common.spreadsheets import text_field_errors
from citta_del_noi.privacy.validators import personal_data_error, personal_data_errors

from .models import ActivityRecord, FundingSource, ReportingPeriod, TargetGroup

SEX_FIELDS = ("participants_female", "participants_male", "participants_sex_unknown")
NEW_RETURNING_FIELDS = ("participants_new", "participants_returning")
COUNT_FIELDS = (
    "participants_total",
    *NEW_RETURNING_FIELDS,
    *SEX_FIELDS,
    *ActivityRecord.AGE_FIELDS,
    "volunteers",
)
DECIMAL_FIELDS = ("volunteer_hours", "staff_hours", "in_kind_value")
FIGURE_FIELDS = COUNT_FIELDS + DECIMAL_FIELDS
RELATION_FIELDS = ("azione", "kind", "reporting_period", "punto_comunita")
# Fields a form or an import row may set directly on the record.
DATA_FIELDS = (
    "azione",
    "kind",
    "reporting_period",
    "title",
    "description",
    "period_start",
    "period_end",
    "city_wide",
    "punto_comunita",
    *FIGURE_FIELDS,
    "in_kind_description",
    "spaces",
)
# Free-text fields: they refuse recognisable personal data (the portal is aggregate only).
TEXT_FIELDS = ("title", "description", "in_kind_description", "spaces")

Problems = list[tuple[str, str]]
Figures = dict[str, Decimal]


@dataclass
class ActivityInput:
    """What a form or an import row provides for one record."""

    data: dict[str, Any]
    quartieri: list = field(default_factory=list)
    target_counts: dict[TargetGroup, int] = field(default_factory=dict)
    fundings: dict[FundingSource, Decimal] = field(default_factory=dict)


def _num(value: Any) -> Decimal | None:
    # The usual values first (a form's and an import row's figures): the same Decimal as
    # Decimal(str(value)), without the round trip through text.
    if type(value) is int:
        return Decimal(value)
    if type(value) is Decimal:
        return value
    if value is None or value == "":
        return Decimal(0)
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def figures_are_whole_non_negative_numbers(data: Mapping[str, Any]) -> tuple[Figures, Problems]:
    """Every figure is a number (empty counts as 0), not negative; counts are whole numbers.
    Returns the figures that are numbers, and the problems."""
    figures: Figures = {}
    problems: Problems = []
    for name in FIGURE_FIELDS:
        number = _num(data.get(name))
        if number is None:
            problems.append((name, _("Inserisci un numero.")))
            continue
        if number < 0:
            problems.append((name, _("Il valore non può essere negativo.")))
        elif name in COUNT_FIELDS and number != number.to_integral_value():
            problems.append((name, _("Inserisci un numero intero.")))
        figures[name] = number
    return figures, problems


def age_bands_add_up_to_the_total(figures: Figures) -> Problems:
    total = figures["participants_total"]
    ages = sum(figures[f] for f in ActivityRecord.AGE_FIELDS)
    if ages == total:
        return []
    message = _(
        "I partecipanti per fascia d'età sommano a %(ages)s ma i partecipanti "
        "totali sono %(total)s: usa «età non rilevata» per chi manca."
    ) % {"ages": ages, "total": total}
    return [("age_unknown", message)]


def sexes_add_up_to_the_total(figures: Figures) -> Problems:
    total = figures["participants_total"]
    sexes = sum(figures[f] for f in SEX_FIELDS)
    if sexes == total:
        return []
    message = _(
        "Femmine, maschi e sesso non rilevato sommano a %(sum)s ma i partecipanti "
        "totali sono %(total)s."
    ) % {"sum": sexes, "total": total}
    return [("participants_sex_unknown", message)]


def new_and_returning_add_up_to_the_total(figures: Figures) -> Problems:
    total = figures["participants_total"]
    new_returning = sum(figures[f] for f in NEW_RETURNING_FIELDS)
    if new_returning == total:
        return []
    message = _(
        "Nuovi e già coinvolti sommano a %(sum)s ma i partecipanti totali sono %(total)s."
    ) % {"sum": new_returning, "total": total}
    return [("participants_returning", message)]


def volunteer_hours_need_volunteers(figures: Figures) -> Problems:
    if figures["volunteer_hours"] > 0 and figures["volunteers"] == 0:
        return [("volunteers", _("Ci sono ore di volontariato: indica quanti volontari."))]
    return []


def target_groups_fit_in_the_total(
    target_counts: Mapping[TargetGroup, int | None], figures: Figures
) -> Problems:
    """Each target group's participants: not negative, not more than the total."""
    total = figures["participants_total"]
    problems: Problems = []
    for group, count in target_counts.items():
        if count is None or count < 0:
            problems.append(
                ("target_counts", _("I partecipanti per destinatari non possono essere negativi."))
            )
        elif count > total:
            problems.append(
                (
                    "target_counts",
                    _("«%(group)s»: %(count)s partecipanti, più dei %(total)s totali.")
                    % {"group": group.name, "count": count, "total": total},
                )
            )
    return problems


def funding_amounts_are_not_negative(fundings: Mapping[FundingSource, Decimal | None]) -> Problems:
    return [
        ("fundings", _("«%(source)s»: l'importo non può essere negativo.") % {"source": source})
        for source, amount in fundings.items()
        if amount is None or amount < 0
    ]


def _dates(data: Mapping[str, Any]) -> tuple[date, date] | None:
    start, end = data.get("period_start"), data.get("period_end")
    if isinstance(start, date) and isinstance(end, date):
        return start, end
    return None  # a missing or invalid date is the form's (or the row's) own error


def _period(data: Mapping[str, Any]) -> ReportingPeriod | None:
    period = data.get("reporting_period")
    return period if isinstance(period, ReportingPeriod) else None


def end_date_follows_start_date(data: Mapping[str, Any]) -> Problems:
    dates = _dates(data)
    if dates and dates[1] < dates[0]:
        return [("period_end", _("La data di fine precede la data di inizio."))]
    return []


def dates_fall_in_the_reporting_period(data: Mapping[str, Any]) -> Problems:
    dates, period = _dates(data), _period(data)
    if not dates or period is None:
        return []
    start, end = dates
    if end < start or (period.start <= start and end <= period.end):
        return []
    message = _("Le date devono cadere nel periodo %(name)s (dal %(start)s al %(end)s).") % {
        "name": period.name,
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }
    return [("period_start", message)]


def a_locked_period_takes_no_direct_change(
    data: Mapping[str, Any], *, allow_locked: bool
) -> Problems:
    period = _period(data)
    if period is None or not period.is_locked or allow_locked:
        return []
    message = _(
        "Il periodo %(name)s è chiuso: le attività si possono modificare solo con una "
        "correzione documentata."
    ) % {"name": period.name}
    return [("reporting_period", message)]


def a_place_is_given(item: ActivityInput) -> Problems:
    """At least one quartiere, a Punto Comunità, or the whole city."""
    data = item.data
    if data.get("city_wide") or item.quartieri or data.get("punto_comunita"):
        return []
    return [
        ("quartieri", _("Indica almeno un quartiere, un Punto Comunità oppure «intera città»."))
    ]


def the_title_is_required(data: Mapping[str, Any]) -> Problems:
    if (data.get("title") or "").strip():
        return []
    return [("title", _("Il titolo è obbligatorio."))]


def texts_fit_their_length_and_start_with_no_formula(data: Mapping[str, Any]) -> Problems:
    return [
        (name, message)
        for name in TEXT_FIELDS
        for message in text_field_errors(ActivityRecord, name, data.get(name))
    ]


def texts_hold_no_personal_data(data: Mapping[str, Any]) -> Problems:
    return [
        (name, message)
        for name, messages in personal_data_errors(data, TEXT_FIELDS).items()
        for message in messages
    ]


def _grouped(problems: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, message in problems:
        errors.setdefault(name, []).append(message)
    return errors


def _activity_problems(item: ActivityInput, *, allow_locked: bool) -> Problems:
    data = item.data
    figures, problems = figures_are_whole_non_negative_numbers(data)
    if not problems:  # the sums are only meaningful on valid figures
        problems += age_bands_add_up_to_the_total(figures)
        problems += sexes_add_up_to_the_total(figures)
        problems += new_and_returning_add_up_to_the_total(figures)
        problems += volunteer_hours_need_volunteers(figures)
        problems += target_groups_fit_in_the_total(item.target_counts, figures)
    problems += funding_amounts_are_not_negative(item.fundings)
    problems += end_date_follows_start_date(data)
    problems += dates_fall_in_the_reporting_period(data)
    problems += a_locked_period_takes_no_direct_change(data, allow_locked=allow_locked)
    problems += a_place_is_given(item)
    problems += the_title_is_required(data)
    problems += texts_fit_their_length_and_start_with_no_formula(data)
    problems += texts_hold_no_personal_data(data)
    return problems


def validate_activity(item: ActivityInput, *, allow_locked: bool = False) -> dict[str, list[str]]:
    """Programme rules on one record. Returns {field: [Italian messages]} (empty when valid)."""
    return _grouped(_activity_problems(item, allow_locked=allow_locked))


# --- a documented correction (staff, approved records or locked periods) -------------------


def a_correction_explains_its_reason(reason: str) -> Problems:
    """At least 10 characters, and no personal data (the reason stays in the history)."""
    if len(reason) < 10:
        return [("reason", _("Spiega il motivo della correzione (almeno 10 caratteri)."))]
    if message := personal_data_error(reason):
        return [("reason", message)]
    return []


def a_correction_moves_into_no_other_locked_period(
    item: ActivityInput, *, current_period_id: int | None
) -> Problems:
    period = _period(item.data)
    if period is None or period.pk == current_period_id or not period.is_locked:
        return []
    return [("reporting_period", _("Non puoi spostare l'attività in un altro periodo chiuso."))]


def validate_correction(
    item: ActivityInput, *, reason: str, current_period_id: int | None
) -> dict[str, list[str]]:
    """The record's rules (a locked period allowed), then the correction's own rules."""
    problems = _activity_problems(item, allow_locked=True)
    problems += a_correction_explains_its_reason(reason)
    problems += a_correction_moves_into_no_other_locked_period(
        item, current_period_id=current_period_id
    )
    return _grouped(problems)
