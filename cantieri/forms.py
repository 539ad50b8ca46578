"""Forms of activity records: quick with the keyboard, usable on a phone."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.spreadsheets import no_formula_start
from citta_del_noi.common.text_limits import SHORT_TEXT_MAX
from citta_del_noi.organizations.models import Organization
from citta_del_noi.privacy.validators import add_no_personal_data, no_personal_data
from citta_del_noi.uploads import SPREADSHEET_KINDS, UploadValidator
from territori.models import Quartiere
from territori.selectors import punti_comunita_open_for_choice, quartieri_public, zones_public

from . import choice_selectors as choices
from . import filter_options, form_options
from .activity_rules import TEXT_FIELDS, ActivityInput, validate_activity
from .models import ActivityRecord, ActivityStatus
from .widgets import BlockSelect, QuickRenderer, QuickSelect

# The record form's plain inputs written in Python (cantieri.widgets): one renderer for all.
QUICK_RENDERER = QuickRenderer()

COUNT_ATTRS = {"inputmode": "numeric", "min": "0", "step": "1", "class": "figure-input"}
DECIMAL_ATTRS = {"inputmode": "decimal", "min": "0", "step": "0.5", "class": "figure-input"}
NUMBER_MESSAGES = {
    "invalid": _("Inserisci un numero."),
    "min_value": _("Il valore non può essere negativo."),
    "required": _("Inserisci un numero (0 se nessuno)."),
}

FORM_FIELDS = [
    "title",
    "azione",
    "kind",
    "reporting_period",
    "period_start",
    "period_end",
    "city_wide",
    "quartieri",
    "punto_comunita",
    "description",
    "participants_total",
    "participants_new",
    "participants_returning",
    "participants_female",
    "participants_male",
    "participants_sex_unknown",
    *ActivityRecord.AGE_FIELDS,
    "volunteers",
    "volunteer_hours",
    "staff_hours",
    "in_kind_value",
    "in_kind_description",
    "spaces",
]
DECIMALS = ("volunteer_hours", "staff_hours", "in_kind_value")


class QuartiereField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Quartiere) -> str:
        return f"{obj.name} ({obj.zona.name})"


class ActivityForm(forms.ModelForm):
    default_renderer = QUICK_RENDERER
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organizzazione"), required=True
    )

    class Meta:
        model = ActivityRecord
        fields = FORM_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "quartieri": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: Any,
        organizations: Any = None,
        organization_choices: list[tuple[int, str]] | None = None,
        options: form_options.FormOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """`organizations` (a queryset) is what the organisation field accepts;
        `organization_choices` what it shows (`form_options.for_viewer`,
        cached; from the queryset when not given). `options`: the cached reference choices
        (`form_options.options()` when not given)."""
        super().__init__(*args, **kwargs)
        self.options = opts = options or form_options.options()
        # (not `organizations or …`: the truth of a queryset is a query)
        accepted = organizations if organizations is not None else Organization.objects.none()
        self.fields["organization"].queryset = accepted  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organization"]
        else:
            if organization_choices is None:
                organization_choices = [(o.pk, str(o)) for o in accepted]
            if organizations is not None and len(organization_choices) == 1:
                self.initial["organization"] = organization_choices[0][0]
            block = form_options.options_block(organization_choices)
            self._block_select("organization", lambda: block)
        self.order_fields(["organization", *FORM_FIELDS])
        # What the drop-downs accept: the selectors' querysets (a submitted value is looked up
        # there); what they show: the same selectors' rows, cached and pre-rendered
        # (cantieri.form_options).
        self.fields["azione"].queryset = choices.azioni_for_choice()  # type: ignore[attr-defined]
        self.fields["kind"].queryset = choices.activity_kinds_for_choice()  # type: ignore[attr-defined]
        self.fields["reporting_period"].queryset = choices.periods_for_choice()  # type: ignore[attr-defined]
        self.fields["reporting_period"].label_from_instance = form_options.period_label  # type: ignore[attr-defined]
        self.fields["quartieri"] = QuartiereField(
            queryset=quartieri_public().order_by("zona__order", "name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Quartieri"),
            error_messages={
                "invalid_choice": _("Il quartiere «%(value)s» non esiste."),
                "invalid_pk_value": _("Il quartiere «%(pk)s» non esiste."),
            },
        )
        # a closed Punto is not offered, except the one an edited record already names
        kept = self.instance.punto_comunita_id if self.instance.pk else None
        self.fields["punto_comunita"].queryset = punti_comunita_open_for_choice(keep=kept)  # type: ignore[attr-defined]
        for name in form_options.SELECTS:
            self._block_select(name, partial(_block, opts, name))
        if kept is not None and all(pk != kept for pk, _l in opts.labels["punto_comunita"]):
            closed = form_options.options_block([(kept, str(self.instance.punto_comunita))])
            self._block_select("punto_comunita", lambda: opts.blocks["punto_comunita"] + closed)
        add_no_personal_data(self, TEXT_FIELDS)
        for name in TEXT_FIELDS:  # the import's rule: no leading =, +, -, @, tab, CR
            self.fields[name].validators.append(no_formula_start)
        for name in FORM_FIELDS:
            field = self.fields[name]
            if name in DECIMALS:
                field.widget = forms.NumberInput(attrs=DECIMAL_ATTRS)
                field.error_messages.update(NUMBER_MESSAGES)
            elif name.startswith(("participants_", "age_")) or name == "volunteers":
                field.widget = forms.NumberInput(attrs=COUNT_ATTRS)
                field.error_messages.update(NUMBER_MESSAGES)
        if not self.instance.pk and not self.is_bound:
            period = opts.period_open_for_entry()
            if period:
                self.initial["reporting_period"] = period.pk
                self.initial["period_start"] = period.start
                self.initial["period_end"] = period.end

    def _block_select(self, name: str, block: Callable[[], str]) -> None:
        field = self.fields[name]
        widget = BlockSelect(
            block=block, empty_label=getattr(field, "empty_label", None), attrs=field.widget.attrs
        )
        widget.is_required = field.required
        field.widget = widget

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


def _block(opts: form_options.FormOptions, name: str) -> str:
    return opts.blocks[name]


class TargetCountForm(forms.Form):
    default_renderer = QUICK_RENDERER
    target_group = forms.ModelChoiceField(
        queryset=choices.target_groups_for_choice(), widget=forms.HiddenInput
    )
    participants = forms.IntegerField(
        min_value=0,
        required=False,
        error_messages=NUMBER_MESSAGES,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
    )


class FundingForm(forms.Form):
    default_renderer = QUICK_RENDERER
    source = forms.ModelChoiceField(
        queryset=choices.funding_sources_for_choice(), widget=forms.HiddenInput
    )
    amount = forms.DecimalField(
        min_value=0,
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages=NUMBER_MESSAGES,
        widget=forms.NumberInput(attrs=DECIMAL_ATTRS),
    )


TargetCountFormSet = forms.formset_factory(TargetCountForm, extra=0)
FundingFormSet = forms.formset_factory(FundingForm, extra=0)


class ActivityEntry:
    """The record form plus its two formsets, validated together by the programme rules."""

    def __init__(
        self,
        data: Any = None,
        *,
        instance: ActivityRecord | None = None,
        organizations: Any = None,
        organization_choices: list[tuple[int, str]] | None = None,
        options: form_options.FormOptions | None = None,
        allow_locked: bool = False,
        extra_form: type | None = None,
    ) -> None:
        self.allow_locked = allow_locked
        instance = instance or ActivityRecord()
        opts = options or form_options.options()
        self.form = ActivityForm(
            data,
            instance=instance,
            organizations=organizations,
            organization_choices=organization_choices,
            options=opts,
        )
        groups = opts.target_groups  # (id, name): what the page lists; the forms validate
        sources = opts.funding_sources
        current_t: dict[int, int] = {}
        current_f: dict[int, Decimal] = {}
        if instance.pk:
            current_t = {t.target_group_id: t.participants for t in instance.target_counts.all()}
            current_f = {f.source_id: f.amount for f in instance.fundings.all()}
        self.groups = dict(groups)
        self.sources = dict(sources)
        self.targets = TargetCountFormSet(
            data,
            prefix="dest",
            initial=[{"target_group": pk, "participants": current_t.get(pk)} for pk, _n in groups],
        )
        self.fundings = FundingFormSet(
            data,
            prefix="fondi",
            initial=[{"source": pk, "amount": current_f.get(pk)} for pk, _n in sources],
        )
        for form in self.targets:
            form.label = self.groups.get(form.initial.get("target_group"), "")  # type: ignore[arg-type,attr-defined]
        for form in self.fundings:  # type: ignore[assignment]
            form.label = self.sources.get(form.initial.get("source"), "")  # type: ignore[arg-type,attr-defined]
        self.extra = extra_form(data) if extra_form else None
        self.item: ActivityInput | None = None
        self.errors_targets: list[str] = []
        self.errors_fundings: list[str] = []

    def is_valid(self) -> bool:
        ok = self.form.is_valid() & self.targets.is_valid() & self.fundings.is_valid()
        if self.extra is not None:
            ok &= self.extra.is_valid()
        if not ok:
            return False
        cd = self.form.cleaned_data
        item = ActivityInput(
            data={name: cd.get(name) for name in FORM_FIELDS if name != "quartieri"},
            quartieri=list(cd.get("quartieri") or []),
            target_counts={
                f.cleaned_data["target_group"]: f.cleaned_data["participants"]
                for f in self.targets
                if f.cleaned_data.get("participants")
            },
            fundings={
                f.cleaned_data["source"]: f.cleaned_data["amount"]
                for f in self.fundings
                if f.cleaned_data.get("amount")
            },
        )
        errors = validate_activity(item, allow_locked=self.allow_locked)
        self.apply_errors(errors)
        self.item = item
        return not errors

    def apply_errors(self, errors: dict[str, list[str]]) -> None:
        errors = dict(errors)
        self.errors_targets = errors.pop("target_counts", [])
        self.errors_fundings = errors.pop("fundings", [])
        if self.extra is not None:
            for name in list(errors):
                if name in self.extra.fields:
                    for message in errors.pop(name):
                        self.extra.add_error(name, message)
        self.form.add_service_errors(errors)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.errors_targets
            or self.errors_fundings
            or (self.extra is not None and self.extra.errors)
        )


class CorrectionReasonForm(forms.Form):
    default_renderer = QUICK_RENDERER
    reason = forms.CharField(
        label=_("Motivo della correzione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Resta nella storia dell'attività: chi, quando e perché."),
        error_messages={"required": _("Spiega il motivo della correzione.")},
        validators=[no_personal_data],
        max_length=SHORT_TEXT_MAX,
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Cosa va corretto"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Scrivi cosa va corretto: il commento è obbligatorio.")},
        validators=[no_personal_data],
        max_length=SHORT_TEXT_MAX,
    )


class FilterForm(forms.Form):
    azione = forms.ModelChoiceField(
        queryset=choices.azioni_for_choice(),
        required=False,
        label=_("Cantiere"),
        empty_label=_("Tutti"),
        widget=QuickSelect,
    )
    zona = forms.ModelChoiceField(
        queryset=zones_public(),
        required=False,
        label=_("Zona"),
        empty_label=_("Tutte"),
        widget=QuickSelect,
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Organizzazione"),
        empty_label=_("Tutte"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        choices=[("", _("Tutti"))] + list(ActivityStatus.choices),
        required=False,
        label=_("Stato"),
        widget=QuickSelect,
    )
    reporting_period = forms.ModelChoiceField(
        queryset=choices.periods_for_choice(),
        required=False,
        label=_("Periodo"),
        empty_label=_("Tutti"),
        widget=QuickSelect,
    )
    q = forms.CharField(required=False, label=_("Titolo contiene"), max_length=100)

    def __init__(
        self,
        *args: Any,
        organizations: Any = None,
        zones: Any = None,
        organization_choices: Callable[[], list[tuple[int, str]]] | None = None,
        zone_choices: Callable[[], list[tuple[int, str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if zones is not None:
            self.fields["zona"].queryset = zones  # type: ignore[attr-defined]
        # The options from the cache (cantieri.filter_options), not a query per drop-down, read
        # only when the form is rendered (an export never reads them); a chosen value is still
        # validated against the field's queryset.
        for name in ("azione", "zona", "reporting_period"):
            self._options(name, partial(_cached_options, name))
        if zone_choices is not None:
            self._options("zona", zone_choices)
        if organization_choices is not None:
            self._options("organization", organization_choices)

    def _options(self, name: str, choices: Callable[[], list]) -> None:
        field = self.fields[name]
        empty = getattr(field, "empty_label", None)
        head = [("", empty)] if empty is not None else []
        field.widget.choices = lambda: [*head, *choices()]


def _cached_options(name: str) -> list:
    return list(filter_options.options()[name])


class ImportUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organizzazione")
    )
    file = forms.FileField(
        label=_("File XLSX o CSV"),
        help_text=_("Usa il modello scaricabile. Dimensione massima: %(mb)s MB.")
        % {"mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)},
        error_messages={"required": _("Scegli il file da caricare.")},
        validators=[
            UploadValidator(
                kinds=SPREADSHEET_KINDS,
                max_bytes_setting="IMPORT_MAX_UPLOAD_BYTES",
                type_message=_(
                    "Il file non è un foglio di calcolo leggibile: carica un file .xlsx o .csv "
                    "(i vecchi .xls vanno salvati come .xlsx)."
                ),
            )
        ],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
            if organizations.count() == 1:
                self.fields["organization"].initial = organizations.first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Checked by UploadValidator (size, type by content, archive limits).
        self.cleaned_data["format"] = upload.detected_kind
        return upload


class ImportConfirmForm(forms.Form):
    submit_now = forms.BooleanField(
        required=False,
        label=_("Invia subito per la revisione le attività importate"),
    )

    def __init__(self, *args: Any, allow_submit: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_submit = allow_submit
        if not allow_submit:
            # A compilatore imports drafts; the referent sends them for review.
            self.fields.pop("submit_now")


class MeasurementForm(forms.Form):
    value = forms.DecimalField(
        label=_("Valore"),
        max_digits=14,
        decimal_places=2,
        error_messages=NUMBER_MESSAGES,
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
    )
    measured_on = forms.DateField(
        label=_("Data della misurazione"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reporting_period = forms.ModelChoiceField(
        queryset=choices.periods_for_choice(),
        required=False,
        label=_("Periodo"),
    )
    base = forms.IntegerField(
        label=_("Base (denominatore)"),
        required=False,
        min_value=1,
        help_text=_(
            "Per percentuali e tassi: su quante persone o casi è calcolato il valore (es. il "
            "numero di rispondenti). Serve alla media ponderata di più periodi."
        ),
        error_messages={
            "invalid": _("Inserisci un numero intero."),
            "min_value": _("La base deve essere almeno 1."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    source = forms.CharField(label=_("Fonte"), max_length=300)
