"""Widgets, fields and checks the agencies' forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors import choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
QUARTIERE_ERRORS = {
    "invalid_choice": _("Il quartiere indicato non esiste."),
    "invalid_pk_value": _("Il quartiere indicato non esiste."),
}


def _orgs() -> Any:
    return choices.organizations_for_choice()


def _check_dates(form: forms.BaseForm, start: str, end: str, message: Any) -> None:
    a, b = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if a and b and b < a:
        form.add_error(end, message)


class QuartieriField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", QUARTIERE_ERRORS)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=choices.quartieri_for_choice(), **kwargs)


class OrgsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=_orgs(), **kwargs)
