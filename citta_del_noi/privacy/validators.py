"""The personal-data check as a form-field validator and as a helper for services."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .detection import Finding, find_personal_data, personal_data_message


def personal_data_error(value: Any) -> str | None:
    """The Italian message for a text with recognisable personal data, or None."""
    if not isinstance(value, str) or not value:
        return None
    findings = _findings(value)
    return personal_data_message(list(findings)) if findings else None


@functools.lru_cache(maxsize=256)
def _findings(text: str) -> tuple[Finding, ...]:
    """find_personal_data, cached: an import checks each cell and then, through the activity
    rules, the same text again (a quarter of the validation's time)."""
    return tuple(find_personal_data(text))


@deconstructible
class NoPersonalData:
    """Form/model field validator: refuses codici fiscali, emails, phone numbers, IBANs."""

    code = "personal_data"

    def __call__(self, value: Any) -> None:
        message = personal_data_error(value)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoPersonalData)

    def __hash__(self) -> int:
        return hash(self.code)


no_personal_data = NoPersonalData()


def personal_data_errors(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, list[str]]:
    """{field: [message]} for the named text fields of `data` that hold personal data."""
    errors: dict[str, list[str]] = {}
    for name in fields:
        message = personal_data_error(data.get(name))
        if message:
            errors[name] = [message]
    return errors


def refuse_personal_data(data: Mapping[str, Any], fields: Iterable[str]) -> None:
    """Raise a ValidationError {field: [message]} when a named text field holds personal data."""
    errors = personal_data_errors(data, fields)
    if errors:
        raise ValidationError(errors)


def add_no_personal_data(form: Any, fields: Iterable[str]) -> None:
    """Attach the validator to the named fields of a form (those the form has)."""
    for name in fields:
        field = form.fields.get(name)
        if field is not None and no_personal_data not in field.validators:
            field.validators.append(no_personal_data)
