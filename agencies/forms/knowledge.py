"""Conoscenza forms: needs and their links, the welfare map, imports, the library."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import SHORT_TEXT_MAX
from citta_del_noi.privacy.validators import add_no_personal_data
from citta_del_noi.uploads import SPREADSHEET_KINDS, UploadValidator

from .. import models as m
from .. import selectors
from ..selectors import choices
from .base import ToolForm
from .fields import DATE, QUARTIERE_ERRORS, QuartieriField

# --- Conoscenza ------------------------------------------------------------------------------


class NeedForm(ToolForm):
    quartieri = QuartieriField(
        label=_("quartieri"), help_text=_("Nessun quartiere: bisogno dell'intera città.")
    )
    choice_selectors = {
        "target_group": choices.target_groups_for_choice,
        "quartieri": choices.quartieri_for_choice,
    }

    class Meta:
        model = m.Need
        fields = [
            "title",
            "description",
            "target_group",
            "quartieri",
            "source",
            "evidence",
            "identified_on",
            "reason",
            "published",
        ]
        widgets = {"identified_on": DATE}
        help_texts = {
            "reason": _(
                "Perché il bisogno non ha (ancora) una risposta completa. Lo stato si aggiorna "
                "da solo quando si collegano attività, servizi o decisioni."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_no_personal_data(self, m.NEED_TEXT_FIELDS)


class NeedLinkForm(forms.Form):
    activity = forms.IntegerField(
        label=_("Numero della scheda attività"),
        required=False,
        min_value=1,
        help_text=_("Solo attività approvate."),
    )
    service_unit = forms.ModelChoiceField(
        label=_("Unità di offerta"), queryset=m.ServiceUnit.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("Decisione di un consiglio"), queryset=m.ServiceUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["service_unit"]
        ).queryset = selectors.linkable_service_units()
        # the viewer's own selector: no decision the viewer could not open
        cast(
            forms.ModelChoiceField, self.fields["decision"]
        ).queryset = selectors.linkable_decisions(user)

    def clean_activity(self) -> Any:

        pk = self.cleaned_data.get("activity")
        if not pk:
            return None
        activity = selectors.approved_activity(pk)
        if activity is None:
            raise ValidationError(_("Nessuna attività approvata con questo numero."))
        return activity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(
            data.get(k) for k in ("activity", "service_unit", "decision")
        ):
            raise ValidationError(_("Indicare almeno una risposta da collegare."))
        return data


class WelfareTargetGroupForm(ToolForm):
    class Meta:
        model = m.WelfareTargetGroup
        fields = ["code", "label", "order", "aliases", "sensitive"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 4})}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if self.instance.pk and code != self.instance.code:
            raise ValidationError(
                _("Il codice è stabile: lo usano le importazioni e i dati aperti già pubblicati.")
            )
        return code


class ServiceUnitForm(ToolForm):
    website = forms.URLField(label=_("Sito web"), required=False, assume_scheme="https")
    choice_selectors = {
        "provider": choices.organizations_for_choice,
        "target_group": choices.welfare_groups_for_choice,
        "quartiere": choices.quartieri_for_choice,
    }

    class Meta:
        model = m.ServiceUnit
        fields = [
            "code",
            "name",
            "provider",
            "provider_name",
            "target_group",
            "quartiere",
            "address",
            "capacity",
            "active",
            "kind",
            "access",
            "phone",
            "email",
            "website",
            "latitude",
            "longitude",
        ]
        error_messages = {"quartiere": {"invalid_choice": QUARTIERE_ERRORS["invalid_choice"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("provider") and not data.get("provider_name"):
            self.add_error("provider", _("Indicare l'ente gestore."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File XLSX o CSV"),
        help_text=_("Usare il modello scaricabile: una riga per unità di offerta e anno."),
        validators=[
            UploadValidator(
                kinds=SPREADSHEET_KINDS,
                max_bytes_setting="IMPORT_MAX_UPLOAD_BYTES",
                type_message=_("Il file deve essere un foglio XLSX o un CSV."),
            )
        ],
    )


class LibraryDocumentForm(ToolForm):
    url = forms.URLField(label=_("collegamento"), required=False, assume_scheme="https")
    tags_text = forms.CharField(
        label=_("Etichette"),
        required=False,
        help_text=_("Separate da virgole, per esempio: anziani, abitare, ricerca-azione."),
        max_length=SHORT_TEXT_MAX,
    )

    class Meta:
        model = m.LibraryDocument
        fields = ["kind", "title", "authors", "year", "summary", "url", "published"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
