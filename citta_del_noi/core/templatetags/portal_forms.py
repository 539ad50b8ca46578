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
from django.template.defaultfilters import capfirst
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
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


FIELD_TEMPLATE = "core/forms/field.html"


@register.simple_tag
def portal_field(field: BoundField) -> SafeString:
    if field.is_hidden:
        return SafeString(str(field))
    widget = field.as_widget(attrs=widget_attrs(field))
    kind = field_kind(field)
    if kind in ("checkbox", "input", "select"):
        return field_html(field, widget, kind)
    return SafeString(
        render_to_string(FIELD_TEMPLATE, {"field": field, "widget": widget, "kind": kind})
    )


def field_html(field: BoundField, widget: str, kind: str) -> SafeString:
    """core/forms/field.html for a checkbox, an input or a drop-down, written in Python (the
    same bytes: tests/core/test_portal_field.py; a page with 30 fields rendered that template 30
    times, issue 14). Choice lists and files still go through the template."""
    e = conditional_escape
    label = e(capfirst(str(field.label)))
    id_for_label = e(field.id_for_label)
    if kind == "checkbox":
        head = (
            f'<div class="portal-field form-check">\n\n  {widget}\n'
            f'  <label for="{id_for_label}">{label}</label>\n'
        )
    else:
        head = (
            f'<div class="portal-field">\n\n  <label for="{id_for_label}" class="portal-label">'
            f"{label}</label>\n  {widget}\n"
        )
    auto_id = e(field.auto_id)
    help_html = (
        f'<small id="{auto_id}_help" class="form-text d-block">{e(field.help_text)}</small>'
        if field.help_text
        else ""
    )
    errors = field.errors
    errors_html = (
        f'<div class="errorlist" id="{auto_id}_errors">'
        + "".join(f'<p class="mb-0">{e(str(error))}</p>' for error in errors)
        + "</div>"
        if errors
        else ""
    )
    return SafeString(f"{head}\n{help_html}\n{errors_html}\n</div>\n")


@register.simple_tag
def portal_widget(field: BoundField) -> SafeString:
    """Only the widget, with the accessible attributes (for custom layouts)."""
    return SafeString(field.as_widget(attrs=widget_attrs(field)))
