"""Italian codice fiscale validation: 11 digits for legal persons, 16 characters for people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [
                1,
                0,
                5,
                7,
                9,
                13,
                15,
                17,
                19,
                21,
                2,
                4,
                18,
                20,
                11,
                3,
                6,
                8,
                12,
                14,
                16,
                10,
                22,
                25,
                24,
                23,
            ],
            strict=True,
        )
    ),
}


def _even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A")


def numeric_check_digit(first10: str) -> int:
    """Check digit of an 11-digit codice fiscale / partita IVA (Luhn-like algorithm)."""
    total = 0
    for i, ch in enumerate(first10):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10


def personal_check_char(first15: str) -> str:
    total = sum(_ODD[c] if i % 2 == 0 else _even(c) for i, c in enumerate(first15))
    return chr(ord("A") + total % 26)


def normalize_codice_fiscale(value: str) -> str:
    return "".join(value.split()).upper()


def validate_codice_fiscale(value: str) -> None:
    cf = normalize_codice_fiscale(value)
    if len(cf) == 11 and cf.isdigit():
        if numeric_check_digit(cf[:10]) != int(cf[10]):
            raise ValidationError(
                _("Codice fiscale non valido: la cifra di controllo non corrisponde."),
                code="checksum",
            )
        return
    if len(cf) == 16 and cf.isalnum():
        if personal_check_char(cf[:15]) != cf[15]:
            raise ValidationError(
                _("Codice fiscale non valido: il carattere di controllo non corrisponde."),
                code="checksum",
            )
        return
    raise ValidationError(
        _("Il codice fiscale deve avere 11 cifre (enti) oppure 16 caratteri (persone fisiche)."),
        code="format",
    )
