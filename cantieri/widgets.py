"""A drop-down rendered in Python: the filter bars' selects list every organisation (hundreds
at scale), and Django's template-per-option rendering cost about half a second a page with 325
of them (issue 14, measured on the coverage page). Same markup as Django's Select templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
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
