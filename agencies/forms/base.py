"""The base of every form of the agencies' tools: drop-downs from named choice selectors.

The generic tool view builds each form with `scope=rules.tool_scope(viewer, tool.agency)`. A
form names, in `choice_selectors`, the selector of each of its drop-downs
(agencies/selectors/choices.py); the base gives every field its queryset for the scope, so no
drop-down lists a model's default manager. A test checks that every drop-down of every tool is
named there.

A value an edited record already holds stays selectable even when today's scope leaves it out
(a Punto Comunità closed since, an organisation no longer active): otherwise the record could
not be saved again. Fields in `current_must_stay_in_scope` do not keep it, because the scope is
the rule (a criterion changes only while its call is a draft). Any other id is refused next to
the field, in Italian.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..selectors.choices import ToolScope

ChoiceSelector = Callable[[ToolScope], QuerySet]

OUT_OF_SCOPE = _("Scelta non disponibile: scegliere una voce dell'elenco.")

_DEFAULT_MESSAGES = {
    key: {
        id(cls.default_error_messages.get(key))
        for cls in (forms.ModelChoiceField, forms.ModelMultipleChoiceField)
        if key in cls.default_error_messages
    }
    for key in ("invalid_choice", "invalid_pk_value")
}


class ToolForm(forms.ModelForm):
    choice_selectors: ClassVar[Mapping[str, ChoiceSelector]] = {}
    current_must_stay_in_scope: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *args: Any, scope: ToolScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.viewer = scope.viewer
        for name, selector in self.choice_selectors.items():
            field = cast(forms.ModelChoiceField, self.fields[name])
            offered = selector(scope)
            if name not in self.current_must_stay_in_scope:
                offered = self._with_current(name, offered)
            field.queryset = offered
            for key, defaults in _DEFAULT_MESSAGES.items():
                # Django's generic wording only: a message the form chose itself stays.
                if id(field.error_messages.get(key)) in defaults:
                    field.error_messages[key] = OUT_OF_SCOPE

    def _with_current(self, name: str, offered: QuerySet) -> QuerySet:
        """`offered` plus the objects the edited record holds in `name` (no extra query: the
        ids are the instance's own column, or the related rows ModelForm has already read)."""
        if self.instance.pk is None:
            return offered
        model_field = self.instance._meta.get_field(name)
        if model_field.many_to_many:
            current = [getattr(obj, "pk", obj) for obj in self.initial.get(name) or ()]
        else:
            value = getattr(self.instance, model_field.attname)
            current = [] if value is None else [value]
        if not current:
            return offered
        held = offered.model._default_manager.filter(pk__in=current).order_by()
        return offered | (held.distinct() if offered.query.distinct else held)
