"""Accessible Bootstrap Italia form fields.

    {% load portal_forms %}
    {% for field in form.visible_fields %}{% portal_field field %}{% endfor %}

Each field gets its label, the widget with `form-control` / `form-select` / `form-check-input`,
its help text and its errors next to it; the widget points to both with aria-describedby and
carries aria-invalid when the value was refused.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput,)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)
_CHOICE_LIST_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
        return "checkbox"
    if isinstance(widget, _CHOICE_LIST_WIDGETS):
        return "choices"
    if isinstance(widget, _SELECT_WIDGETS):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def widget_attrs(field: BoundField) -> dict[str, Any]:
    """The attributes that link a widget to its help text and errors."""
    kind = field_kind(field)
    css = {
        "checkbox": "form-check-input",
        "select": "form-select",
        "choices": "",
        "file": "form-control",
        "input": "form-control",
    }[kind]
    attrs: dict[str, Any] = {}
    existing = field.field.widget.attrs.get("class", "")
    classes = " ".join(c for c in (existing, css) if c)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
        classes = f"{classes} is-invalid".strip()
    if classes:
        attrs["class"] = classes
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


@register.simple_tag
def portal_field(field: BoundField) -> SafeString:
    if field.is_hidden:
        return SafeString(str(field))
    widget = field.as_widget(attrs=widget_attrs(field))
    return SafeString(
        render_to_string(
            "core/forms/field.html",
            {"field": field, "widget": widget, "kind": field_kind(field)},
        )
    )


@register.simple_tag
def portal_widget(field: BoundField) -> SafeString:
    """Only the widget, with the accessible attributes (for custom layouts)."""
    return SafeString(field.as_widget(attrs=widget_attrs(field)))
