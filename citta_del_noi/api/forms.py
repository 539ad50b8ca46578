from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nome del token"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Permessi"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    days = forms.IntegerField(
        label=_("Durata in giorni"),
        min_value=1,
        initial=90,
        help_text=_("Il token scade dopo questo numero di giorni (al massimo un anno)."),
    )
