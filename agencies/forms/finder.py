"""The service finder's filters: a GET form, so that a filtered list is a shareable URL. The
drop-downs are rendered in Python (cantieri/widgets.py, the same markup as Django's Select):
two lists of 33 quartieri rendered option by option through templates were about half of the
page's CPU (issue 14)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cantieri.widgets import QuickSelect

from .. import models as m
from ..selectors import choices
from ..selectors.finder import PUNTO_KIND, finder_quartieri_for_choice
from .base import ToolForm


def _quartieri() -> Any:
    return finder_quartieri_for_choice()


class FinderForm(forms.Form):
    gruppo = forms.ModelChoiceField(
        queryset=choices.welfare_groups_for_choice(),
        to_field_name="code",
        required=False,
        label=_("Per chi"),
        empty_label=_("Tutti"),
        widget=QuickSelect,
    )
    tipo = forms.ChoiceField(
        choices=[("", _("Tutte")), *m.UnitKind.choices, (PUNTO_KIND, _("Punto Comunità"))],
        required=False,
        label=_("Tipologia"),
        widget=QuickSelect,
    )
    zona = forms.ModelChoiceField(
        queryset=choices.zones_for_choice(),
        to_field_name="slug",
        required=False,
        label=_("Zona"),
        empty_label=_("Tutte"),
        widget=QuickSelect,
    )
    quartiere = forms.ModelChoiceField(
        queryset=_quartieri(),
        to_field_name="slug",
        required=False,
        label=_("Quartiere"),
        empty_label=_("Tutti"),
        widget=QuickSelect,
    )
    vicino = forms.ModelChoiceField(
        queryset=_quartieri(),
        to_field_name="slug",
        required=False,
        label=_("Vicino al mio quartiere"),
        empty_label=_("Nessuno"),
        help_text=_("Prima i servizi del quartiere, poi della zona, poi della città."),
        widget=QuickSelect,
    )
    giorno = forms.TypedChoiceField(
        choices=[("", _("Qualsiasi")), *m.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Aperto il giorno"),
        widget=QuickSelect,
    )
    aperto = forms.BooleanField(required=False, label=_("Aperto ora"))

    error_messages = {"invalid_choice": _("Scelta non valida: scegliere dall'elenco.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if hasattr(field, "error_messages"):
                field.error_messages["invalid_choice"] = self.error_messages["invalid_choice"]


class OpeningSlotForm(ToolForm):
    """A weekly opening slot of a unit or of a Punto Comunità (staff, agencies' tools)."""

    choice_selectors = {
        "unit": choices.service_units_for_choice,
        "punto": choices.punti_for_choice,
    }

    class Meta:
        model = m.OpeningSlot
        fields = ["unit", "punto", "weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("unit")) == bool(data.get("punto")):
            self.add_error("unit", _("Indicare l'unità di offerta oppure il Punto Comunità."))
        return data
