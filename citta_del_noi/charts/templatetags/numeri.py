"""Italian figures in every template (a built-in library: no {% load %} needed).

{{ n|numero }}       314.380 · 12,5 (integers whole, other numbers one decimal)
{{ n|numero:2 }}     12,50          {{ n|numero:"-2" }}  up to two decimals: 12,5 · 0,25 · 3
{{ x|euro }}         1.870.665 € · 1.234,50 €  (non-breaking space before €)
{{ p|percento }}     12,5 %                    (non-breaking space before %)
{{ d|date:"j F Y" }}  2 dicembre 2026          (Django's |date, months and weekdays lower case
                                               in Italian)

Like Django's floatformat, a missing value renders as "" so `|default:"—"` still applies.
Formatting lives in citta_del_noi/charts/formatting.py; open data does not use it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

from citta_del_noi.charts.formatting import (
    format_money,
    format_number,
    format_percent,
    is_number,
    lower_month_names,
)

register = template.Library()


def _decimals(value: object, decimals: int | str | None) -> int | None:
    if decimals is None or decimals == "":
        return None
    wanted = int(decimals)
    if wanted >= 0:
        return wanted
    # "-N": at most N decimals, none of them trailing zeros.
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(wanted)).normalize()
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


@register.filter(name="numero")
def numero(value: object, decimals: int | str | None = None) -> str:
    if not is_number(value):
        return ""
    return format_number(value, _decimals(value, decimals))


@register.filter(name="euro")
def euro(value: object) -> str:
    return format_money(value) if is_number(value) else ""


@register.filter(name="percento")
def percento(value: object, decimals: int | str | None = None) -> str:
    if not is_number(value):
        return ""
    return format_percent(value, _decimals(value, decimals))


@register.filter(name="date", expects_localtime=True, is_safe=False)
def date(value: datetime.date | datetime.datetime | str | None, arg: str | None = None) -> str:
    text = django_date(value, arg)
    if (get_language() or "").startswith("it"):
        return lower_month_names(text)
    return text
