"""`portal_field` writes checkboxes, inputs and drop-downs in Python: the same bytes as the
template core/forms/field.html, which stays the reference (and renders the other kinds)."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string

from citta_del_noi.core.templatetags.portal_forms import (
    FIELD_TEMPLATE,
    field_html,
    field_kind,
    portal_field,
    widget_attrs,
)


class Sample(forms.Form):
    name = forms.CharField(label="nome <e> «cognome»", help_text="Come & dove")
    note = forms.CharField(required=False, widget=forms.Textarea, label="Note")
    count = forms.IntegerField(min_value=0, label="quanti")
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(required=False, label="accetto", help_text="<b>sì</b>")
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B")], label="tipo")
    many = forms.MultipleChoiceField(
        choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )


def _template(field) -> str:
    widget = field.as_widget(attrs=widget_attrs(field))
    kind = field_kind(field)
    return render_to_string(FIELD_TEMPLATE, {"field": field, "widget": widget, "kind": kind})


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "", "count": "-1", "kind": "zz", "agree": "on"},
        {"name": "a<b", "count": "3", "kind": "a", "note": "x & y"},
    ],
)
def test_python_rendering_equals_the_template(data) -> None:
    form = Sample(data)
    if data is not None:
        form.is_valid()
        form.add_error("name", "Errore <con> «segni» & altro")
    seen = set()
    for field in form:
        kind = field_kind(field)
        seen.add(kind)
        expected = _template(field)
        assert str(portal_field(field)) == expected, field.name
        if kind in ("checkbox", "input", "select"):
            widget = field.as_widget(attrs=widget_attrs(field))
            assert str(field_html(field, widget, kind)) == expected, field.name
    assert seen == {"checkbox", "input", "select", "choices"}


def test_errors_and_help_text_are_shown_next_to_the_field() -> None:
    form = Sample({"name": "", "count": "x", "kind": ""})
    assert not form.is_valid()
    html = str(portal_field(form["count"]))
    assert 'id="id_count_errors"' in html and "aria-invalid" in html
    assert "Come &amp; dove" in str(portal_field(form["name"]))
