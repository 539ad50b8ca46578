"""Recognisable personal data in free text: one named function per kind.

Each ``find_*`` function returns the matches it is sure about, as ``Finding`` objects with the
position and a masked excerpt (never the whole value: messages and logs show only the excerpt).
They are tuned to avoid the figures a programme report is full of: years ("2019"), amounts
("1.250 €"), dates ("03/05/2021"), times and hour ranges ("ore 10-12", "09.30-12.30"),
counts ("33 quartieri"), numbers of acts ("delibera n. 034/2021").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CODICE_FISCALE = "codice_fiscale"
EMAIL = "email"
PHONE = "telefono"
IBAN = "iban"

KIND_LABELS = {
    CODICE_FISCALE: gettext_lazy("un codice fiscale"),
    EMAIL: gettext_lazy("un indirizzo email"),
    PHONE: gettext_lazy("un numero di telefono"),
    IBAN: gettext_lazy("un IBAN"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    masked: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _mask(value: str, head: int, tail: int) -> str:
    value = value.strip()
    if len(value) <= head + tail:
        return value[:1] + "…"
    return f"{value[:head]}…{value[-tail:]}"


# --- Codice fiscale ------------------------------------------------------------------------

_CF_DIGIT = "[0-9LMNPQRSTUV]"  # omocodia replaces digits with these letters
_CF_RE = re.compile(
    rf"(?<![A-Za-z0-9])([A-Za-z]{{6}}{_CF_DIGIT}{{2}}[ABCDEHLMPRSTabcdehlmprst]"
    rf"{_CF_DIGIT}{{2}}[A-Za-z]{_CF_DIGIT}{{3}}[A-Za-z])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        + [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25]
        + [24, 23],
        strict=True,
    )
)


def codice_fiscale_check_char(first15: str) -> str:
    """The check character of a person's codice fiscale (DM 23/12/1976, official algorithm)."""
    total = 0
    for i, ch in enumerate(first15.upper()):
        if i % 2 == 0:  # odd positions, counting from 1
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - ord("A")
    return chr(ord("A") + total % 26)


def find_codici_fiscali(text: str) -> list[Finding]:
    """Codici fiscali of people (16 characters, omocodia letters too) whose check character is
    right. A string of the same shape with a wrong check character is not a codice fiscale."""
    out = []
    for match in _CF_RE.finditer(text or ""):
        value = match.group(1).upper()
        if codice_fiscale_check_char(value[:15]) == value[15]:
            out.append(Finding(CODICE_FISCALE, match.start(1), match.end(1), _mask(value, 6, 4)))
    return out


# --- Email ---------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24})(?![\w-])"
)


def find_emails(text: str) -> list[Finding]:
    out = []
    for match in _EMAIL_RE.finditer(text or ""):
        value = match.group(1)
        local, domain = value.split("@", 1)
        masked = f"{local[:2]}…@…{domain[-4:]}" if len(domain) > 4 else f"{local[:2]}…@…"
        out.append(Finding(EMAIL, match.start(1), match.end(1), masked))
    return out


# --- Italian phone numbers -------------------------------------------------------------------

_SEP = r"[ .\-/]"
_PHONE_RE = re.compile(
    rf"(?<![\w+.,/-])((?:(?:\+|00)39{_SEP}?|\(\+?39\){_SEP}?)?(?:3\d{{2}}|0\d{{1,3}})"
    rf"(?:{_SEP}?\d){{4,9}})(?![\w]|[.,]\d|{_SEP}\d)"
)
_PREFIX_RE = re.compile(r"^(?:\+|00)39|^\(\+?39\)")
_ACT_NUMBER_BEFORE = re.compile(r"(?:\bn\.?|n°|\bnr\.?|\bnum\.?|\bprot\.?)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:€|euro\b|eur\b)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:€|\beuro|\beur)\s*$", re.IGNORECASE)


def _looks_like_other_number(groups: list[str], seps: list[str]) -> bool:
    """Dates, times, number/year, thousands: not phone numbers."""
    if len(groups) >= 2 and len(groups[0]) <= 2 and len(groups[1]) == 2 and seps[0] in ".:":
        return True  # 09.30-12.30
    if (
        len(groups) == 3
        and len(groups[0]) <= 2
        and len(groups[1]) <= 2
        and len(groups[2]) in (2, 4)
        and seps[0] == seps[1]
        and seps[0] in "./-"
    ):
        return True  # 03/05/2021
    if len(groups) == 2 and seps[0] == "/" and re.fullmatch(r"(?:19|20)\d{2}", groups[1]):
        return True  # 034/2021
    # 350.000.000
    return (
        len(groups) >= 2
        and all(s == "." for s in seps)
        and len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


def find_phone_numbers(text: str) -> list[Finding]:
    """Italian mobile (3xx, 9–10 digits) and landline (0x, 6–11 digits) numbers, with an
    optional +39/0039 prefix and spaces, dots, dashes or slashes between the groups."""
    text = text or ""
    out = []
    for match in _PHONE_RE.finditer(text):
        value = match.group(1)
        prefix = _PREFIX_RE.match(value)
        body = value[prefix.end() :] if prefix else value
        body = body.lstrip(" .-/")
        groups = re.findall(r"\d+", body)
        seps = re.findall(r"\D+", body.strip())
        national = "".join(groups)
        if national.startswith("3"):
            if not 9 <= len(national) <= 10:
                continue
        elif not 6 <= len(national) <= 11:
            continue
        if not prefix:
            before, after = text[: match.start(1)], text[match.end(1) :]
            if _ACT_NUMBER_BEFORE.search(before) or _MONEY_BEFORE.search(before):
                continue
            if _MONEY_AFTER.match(after):
                continue
            if _looks_like_other_number(groups, seps):
                continue
        out.append(Finding(PHONE, match.start(1), match.end(1), _mask(national, 3, 2)))
    return out


# --- IBAN ----------------------------------------------------------------------------------

# Lengths of the IBANs of the countries a Brescia partner meets most (SWIFT IBAN registry).
IBAN_LENGTHS = {
    "IT": 27, "SM": 27, "VA": 22, "CH": 21, "DE": 22, "FR": 27, "ES": 24, "AT": 20, "BE": 16,
    "NL": 18, "LU": 20, "PT": 25, "GB": 22, "IE": 22, "MT": 31, "SI": 19, "HR": 21, "GR": 27,
    "PL": 28, "RO": 24, "BG": 22, "CZ": 24, "SK": 24, "HU": 28, "DK": 18, "SE": 24, "FI": 18,
    "NO": 15, "LI": 21, "MC": 27, "AL": 28, "MA": 28, "TN": 24, "UA": 29, "MD": 24,
}  # fmt: skip
_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30})")


def iban_is_valid(value: str) -> bool:
    """ISO 13616 mod-97 check (and the country's length when known)."""
    iban = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def find_ibans(text: str) -> list[Finding]:
    """IBANs of any country, written whole or in groups of four, with a valid check."""
    text = text or ""
    out = []
    for match in _IBAN_RE.finditer(text):
        raw = match.group(1)
        # The pattern may run into the words that follow: try the country's length first,
        # then every length from the longest, and keep the first valid one.
        positions = [i for i, c in enumerate(raw) if c != " "]
        compact = "".join(raw[i] for i in positions).upper()
        lengths = [IBAN_LENGTHS[compact[:2]]] if compact[:2] in IBAN_LENGTHS else []
        lengths += range(min(len(compact), 34), 14, -1)
        for length in lengths:
            if length > len(compact):
                continue
            end_index = positions[length - 1] + 1
            if end_index < len(raw) and raw[end_index].isalnum():
                continue
            if iban_is_valid(compact[:length]):
                start = match.start(1)
                out.append(Finding(IBAN, start, start + end_index, _mask(compact[:length], 4, 3)))
                break
    return out


# --- All kinds -----------------------------------------------------------------------------

FINDERS = (find_codici_fiscali, find_ibans, find_emails, find_phone_numbers)


def find_personal_data(text: str) -> list[Finding]:
    """Every finding of every kind, in text order; a span claimed by an earlier kind (an IBAN's
    digits) is not reported again as a phone number."""
    found: list[Finding] = []
    for finder in FINDERS:
        for finding in finder(text or ""):
            if not any(finding.start < f.end and f.start < finding.end for f in found):
                found.append(finding)
    return sorted(found, key=lambda f: f.start)


def personal_data_message(findings: list[Finding]) -> str:
    """What was found (kind and masked excerpt) and why it is not allowed, in Italian."""
    parts = [f"{f.label} ({f.masked})" for f in findings]
    return _(
        "Il testo contiene dati personali riconoscibili: %(found)s. Il portale raccoglie solo "
        "dati aggregati, mai dati che permettono di identificare una persona: togli codici "
        "fiscali, email, numeri di telefono e IBAN."
    ) % {"found": ", ".join(parts)}


def scrub(text: str, placeholder: str) -> str:
    """The text with every finding replaced by the placeholder."""
    out, last = [], 0
    for finding in find_personal_data(text):
        out.append(text[last : finding.start])
        out.append(placeholder)
        last = finding.end
    out.append(text[last:])
    return "".join(out)


def mask_findings(text: str) -> str:
    """The text with every finding replaced by its masked excerpt (for previews and reports)."""
    out, last = [], 0
    for finding in find_personal_data(text):
        out.append(text[last : finding.start])
        out.append(finding.masked)
        last = finding.end
    out.append(text[last:])
    return "".join(out)
