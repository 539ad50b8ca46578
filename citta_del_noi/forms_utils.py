"""Form helpers shared by every app (no models, no domain imports: any layer may use them)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the matching field, or on the form.

    A field the form does not have (or `__all__`) becomes a non-field error, so a rule checked
    by the service that saves is shown to the user like a rule checked by the form.
    """
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
