"""The staff form of a redaction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import SHORT_TEXT_MAX


class RedactionForm(forms.Form):
    field = forms.ChoiceField(label=_("Campo da ripulire"))
    passage = forms.CharField(
        label=_("Testo da rimuovere (facoltativo)"),
        required=False,
        max_length=500,
        help_text=_(
            "Lascia vuoto per rimuovere tutto il contenuto del campo. Il testo indicato viene "
            "tolto dal record e da tutte le versioni della sua storia; anche codici fiscali, "
            "email, telefoni e IBAN rimasti nelle versioni precedenti vengono rimossi."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Motivo della rimozione"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Resta nel registro delle rimozioni (senza il testo rimosso)."),
        error_messages={"required": _("Spiega il motivo della rimozione.")},
        max_length=SHORT_TEXT_MAX,
    )

    def __init__(self, *args: Any, fields: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = fields  # type: ignore[attr-defined]
