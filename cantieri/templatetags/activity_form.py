"""The activity form's quartieri picker, written from the cached reference data."""

from __future__ import annotations

from django import template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from cantieri import form_options

register = template.Library()


@register.simple_tag
def quartieri_boxes(field: BoundField) -> SafeString:
    """The checkboxes of the quartieri field grouped by zone, the submitted or saved ones
    checked (what the field offers is `form_options`; what it accepts is its queryset)."""
    checked = set(field.field.widget.format_value(field.value()))
    return SafeString(
        form_options.quartieri_boxes(
            (getattr(field.form, "options", None) or form_options.options()).quartieri,
            name=field.html_name,
            auto_id=field.auto_id,
            checked=checked,
            invalid=bool(field.errors),
        )
    )
