"""One spelling for every email address the portal compares, stores or mails."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Characters that belong to no script of their own: they mix with any.
_COMMON = {"DIGIT", "HYPHEN-MINUS", "LOW", "FULL"}


def _script(char: str) -> str | None:
    if char.isascii() and not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0] if name else "UNKNOWN"
    return None if word in _COMMON else word


def _is_mixed_script(label: str) -> bool:
    return len({s for s in map(_script, label) if s is not None}) > 1


def email_normalize(value: str) -> str:
    """Return `value` as the portal stores it, or raise a ValidationError in Italian.

    NFKC first (a long s "ſ" becomes "s", full-width letters become ASCII), then the domain
    in its IDNA (ASCII, "xn--") form and everything lower case, so the address that is
    compared is the one that is stored and the one that is mailed. A domain label that mixes
    scripts (a Cyrillic "а" among Latin letters) is refused: it imitates another domain.
    """
    text = unicodedata.normalize("NFKC", (value or "").strip())
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(_("Inserisci un indirizzo email valido."), code="invalid")
    domain = domain.rstrip(".")
    for label in domain.split("."):
        if _is_mixed_script(label):
            raise ValidationError(
                _(
                    "Il dominio dell'indirizzo email mescola alfabeti diversi (per esempio "
                    "lettere latine e cirilliche): controlla di averlo scritto bene."
                ),
                code="mixed_script",
            )
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(
            _("Il dominio dell'indirizzo email non è valido."), code="invalid_domain"
        ) from exc
    email = f"{local.lower()}@{ascii_domain.lower()}"
    validate_email(email)
    return email
