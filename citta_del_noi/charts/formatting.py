"""The portal's one place for Italian number formatting, and small text helpers for the charts.

Every page, chart, table, PDF and email formats its figures through these functions (templates
through the built-in filters `numero`, `euro` and `percento`, see templatetags/numeri.py):

    format_number(314380)        → "314.380"
    format_money(1870665)        → "1.870.665 €"     whole euros when the amount is whole,
    format_money(1234.5)         → "1.234,50 €"      else always two decimals (never one)
    format_percent(12.5)         → "12,5 %"          at most one decimal

The space before "€" and "%" is a non-breaking space (U+00A0), so the unit never wraps away from
its figure. Open data (CSV, JSON) does not use these: it stays machine-readable.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

NOT_AVAILABLE = "n.d."
NBSP = "\u00a0"


def clean_text(value: Any) -> str:
    """str() without the control characters that would make the SVG invalid XML."""
    return _CONTROL.sub("", str(value if value is not None else ""))


def is_number(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def format_number(value: Any, decimals: int | None = None) -> str:
    """Italian formatting: thousands with ".", decimals with ","; None → "n.d.".

    decimals=None: integers without decimals, other numbers with at most one decimal.
    """
    if not is_number(value):
        return NOT_AVAILABLE
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = number < 0
    text = f"{abs(number):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    if negative and any(ch not in "0.," for ch in result):
        result = "-" + result
    return result


def format_money(value: Any) -> str:
    """Euro amounts: "1.870.665 €" when whole, "1.234,50 €" with cents; None → "n.d."."""
    if not is_number(value):
        return NOT_AVAILABLE
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimals = 0 if number == number.to_integral_value() else 2
    return f"{format_number(number, decimals)}{NBSP}€"


def format_percent(value: Any, decimals: int | None = None) -> str:
    """Percentages (0–100): "12,5 %", "40 %"; None → "n.d."."""
    text = format_number(value, decimals)
    if text == NOT_AVAILABLE:
        return text
    return f"{text}{NBSP}%"


def with_unit(value: Any, unit: Any, decimals: int | None = None) -> str:
    unit_text = clean_text(unit).strip()
    if unit_text in {"€", "euro", "EUR"} and decimals is None:
        return format_money(value)
    text = format_number(value, decimals)
    if text == NOT_AVAILABLE or not unit_text:
        return text
    return f"{text}{NBSP}{unit_text}"


_IT_CAPITALISED = re.compile(
    r"\b(Gennaio|Febbraio|Marzo|Aprile|Maggio|Giugno|Luglio|Agosto|Settembre|Ottobre|Novembre"
    r"|Dicembre|Lunedì|Martedì|Mercoledì|Giovedì|Venerdì|Sabato|Domenica)\b"
)


def lower_month_names(text: str) -> str:
    """Italian writes months and weekdays in lower case ("2 dicembre 2026"); Django's Italian
    date names are capitalised. Applied by the built-in |date filter when Italian is active."""
    return _IT_CAPITALISED.sub(lambda m: m.group(1).lower(), text)


def truncate(text: str, max_chars: int) -> str:
    if max_chars < 2 or len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


def wrap_words(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """Break a label into at most max_lines lines of about max_chars at spaces; only the last
    line is shortened with "…" when the words still do not fit (the full text stays in the
    chart's <title> tooltip and in its data table)."""
    max_chars = max(max_chars, 4)
    words = text.split()
    if not words:
        return [text]
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    lines.append(current)
    return [truncate(line, max_chars) for line in lines[:max_lines]]


def text_width(text: str, font_size: float) -> float:
    """Rough width of text in Titillium Web (average glyph ≈ 0.52 em)."""
    return len(text) * font_size * 0.52


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks covering [low, high] (which include 0)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude * 10
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            step = factor * magnitude
            break
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    ticks = []
    value = start
    while value <= end + step / 1000:
        ticks.append(round(value, 10))
        value += step
    return ticks


def relative_luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(fill: str) -> str:
    """Dark or white text, whichever contrasts more with the fill."""
    return (
        "#FFFFFF"
        if contrast_ratio(fill, "#FFFFFF") >= contrast_ratio(fill, DARK_TEXT)
        else DARK_TEXT
    )


DARK_TEXT = "#1A1A1A"
