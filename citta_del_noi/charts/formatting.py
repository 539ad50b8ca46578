"""Italian number formatting (1.234,5) and small text helpers shared by the charts."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

NOT_AVAILABLE = "n.d."


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


def with_unit(value: Any, unit: Any, decimals: int | None = None) -> str:
    text = format_number(value, decimals)
    unit_text = clean_text(unit)
    if text == NOT_AVAILABLE or not unit_text:
        return text
    if unit_text == "%":
        return f"{text}%"
    return f"{text} {unit_text}"


def truncate(text: str, max_chars: int) -> str:
    if max_chars < 2 or len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


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
