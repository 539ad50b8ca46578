"""A drop-down rendered in Python: the filter bars' selects list every organisation (hundreds
at scale), and Django's template-per-option rendering cost about half a second a page with 325
of them (issue 14, measured on the coverage page). Same markup as Django's Select templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString


def _attrs(attrs: dict) -> SafeString:
    """Like django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (key, "" if value is True else format_html('="{}"', str(value)))
            for key, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def _flat(choices: Any) -> list[tuple[Any, Any]] | None:
    """The choices as (value, label) pairs, or None when some are groups (optgroups)."""
    out = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        out.append((value, label))
    return out


class QuickSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        flat = None if self.allow_multiple_selected else _flat(self.choices)
        if flat is not None:
            return self._render_flat(name, value, attrs, flat)
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[SafeString] = []
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rows = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows)
            parts.append(rows)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            SafeString("".join(parts)),
        )

    def _render_flat(
        self, name: str, value: Any, attrs: dict | None, choices: list[tuple[Any, Any]]
    ) -> SafeString:
        """One pass over the options without Django's per-option dictionaries (the same markup
        as `get_context`: the first option whose value matches is selected)."""
        wanted = set(self.format_value(value))
        rows: list[str] = []
        for option_value, label in choices:
            key = str(option_value)
            selected = key in wanted
            if selected:
                wanted = set()  # a single select marks only the first match
            rows.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    key,
                    SafeString(" selected") if selected else "",
                    label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _attrs(self.build_attrs(self.attrs, attrs)),
            SafeString("".join(rows)),
        )


class BlockSelect(forms.Select):
    """A drop-down whose options come as one pre-rendered block (cantieri.form_options): the
    chosen value is marked in the block instead of rendering every option (same markup as
    Django's Select). `block` returns the rows; `empty_label` is the first, empty option."""

    def __init__(self, block: Any = None, empty_label: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.empty_label = empty_label

    def use_required_attribute(self, initial: Any) -> bool:
        if self.block is None:
            return super().use_required_attribute(initial)
        # Select's rule (the first option must be the empty one) without reading the choices
        return not self.is_hidden and self.empty_label is not None

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        if self.block is None:
            return SafeString(super().render(name, value, attrs, renderer))
        rows = str(self.block())
        if self.empty_label is not None:
            rows = format_html('\n  <option value="">{}</option>', self.empty_label) + rows
        for wanted in self.format_value(value)[:1]:  # a single select marks the first match
            row = format_html('\n  <option value="{}">', wanted)
            rows = rows.replace(row, row[:-1] + " selected>", 1)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            SafeString(_template_attrs(self.build_attrs(self.attrs, attrs))),
            SafeString(rows),
        )


def _template_attrs(attrs: dict) -> str:
    """Exactly django/forms/widgets/attrs.html: only False is left out (None reads "None"),
    values escaped unless safe; plain string joins (a form has hundreds of attributes)."""
    return "".join(
        f" {conditional_escape(key)}"
        if value is True
        else f' {conditional_escape(key)}="{conditional_escape(str(value))}"'
        for key, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> SafeString:
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return SafeString(
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{shown}{_template_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> SafeString:
    """django/forms/widgets/textarea.html"""
    return SafeString(
        f'<textarea name="{conditional_escape(widget["name"])}"{_template_attrs(widget["attrs"])}>'
        f"\n{conditional_escape(widget['value'] or '')}</textarea>"
    )


_PLAIN = "django/forms/widgets/"
_IN_PYTHON = {
    **{
        f"{_PLAIN}{name}.html": _input
        for name in ("input", "text", "number", "date", "hidden", "checkbox", "email")
    },
    f"{_PLAIN}textarea.html": _textarea,
}


class QuickRenderer(DjangoTemplates):
    """Django's form renderer with the plain input and textarea widgets written in Python
    (the same markup as their templates; every other template as usual): a record form has
    about 50 of them, each a template render (issue 14)."""

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        fast = _IN_PYTHON.get(template_name)
        if fast is not None and "widget" in context:
            return fast(context["widget"])
        return super().render(template_name, context, request)
