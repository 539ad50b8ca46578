"""Forms of the councils' pages. Validation of business rules lives in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import DOCUMENT_TEXT_MAX, LONG_TEXT_MAX, SHORT_TEXT_MAX
from citta_del_noi.uploads import DOCUMENT_KINDS, UploadValidator

from . import choice_selectors as choices
from .models import (
    AgendaItem,
    AttendanceStatus,
    CouncilMember,
    Decision,
    DecisionMode,
    DecisionStatus,
    Meeting,
)
from .subjects import subject_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Bootstrap Italia classes and aria-describedby for errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_errors"
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if field and field in self.fields:
            self.fields[field].widget.attrs["aria-describedby"] = f"id_{field}_errors"
            self.fields[field].widget.attrs["aria-invalid"] = "true"


class MeetingForm(StyledForm):
    title = forms.CharField(label=_("Titolo"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Inizio"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Fine prevista"),
        widget=DATETIME,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(label=_("Luogo"), max_length=200, required=False)

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> MeetingForm:
        return cls(
            initial={
                "title": meeting.title,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "location": meeting.location,
            }
        )


class AgendaItemForm(StyledForm):
    title = forms.CharField(label=_("Argomento"), max_length=250)
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX,
    )
    confidential = forms.BooleanField(label=_("Punto riservato"), required=False)
    azione = forms.ModelChoiceField(
        label=_("Cantiere o azione"), queryset=choices.azioni_for_agenda(), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agenzia"), queryset=choices.agencies_for_agenda(), required=False
    )
    quartiere = forms.ModelChoiceField(
        label=_("Quartiere"), queryset=choices.quartieri_for_agenda(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicatore"), queryset=choices.indicators_for_agenda(), required=False
    )
    previous_decision = forms.ModelChoiceField(
        label=_("Decisione precedente"), queryset=Decision.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, decisions: Any = None, can_set_confidential: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["previous_decision"].queryset = decisions  # type: ignore[attr-defined]
        if not can_set_confidential:
            del self.fields["confidential"]

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "confidential": item.confidential,
            "azione": item.azione_id,
            "agency": item.agency_id,
            "quartiere": item.quartiere_id,
            "indicator": item.indicator_id,
            "previous_decision": item.previous_decision_id,
        }


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("Titolo del documento"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, documenti Office o OpenDocument, immagini PNG o JPEG, testo."),
        validators=[
            UploadValidator(kinds=DOCUMENT_KINDS, max_bytes_setting="DOCUMENT_MAX_UPLOAD_BYTES")
        ],
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Punto all'ordine del giorno"),
        queryset=AgendaItem.objects.none(),
        required=False,
    )
    confidential = forms.BooleanField(label=_("Documento riservato"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = choices.agenda_items_of(meeting)  # type: ignore[attr-defined]


class AttendanceForm(StyledForm):
    """One status and one delegate field per member in office (dynamic fields)."""

    def __init__(
        self, *args: Any, members: list[CouncilMember], current: dict, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        delegates = [(m.pk, m.user.get_full_name() or m.user.email) for m in members]
        for member in members:
            att = current.get(member.pk)
            name = member.user.get_full_name() or member.user.email
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=name,
                choices=AttendanceStatus.choices,
                initial=att.status if att else AttendanceStatus.ABSENT,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"delegate_{member.pk}"] = forms.TypedChoiceField(
                label=_("Delega a (per %(name)s)") % {"name": name},
                choices=[("", "—"), *[(pk, n) for pk, n in delegates if pk != member.pk]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=att.delegate_id if att else None,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def rows(self) -> list[dict]:
        return [
            {"member": m, "status": self[f"member_{m.pk}"], "delegate": self[f"delegate_{m.pk}"]}
            for m in self.members
        ]


class MinutesForm(StyledForm):
    text = forms.CharField(
        label=_("Testo del verbale"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=DOCUMENT_TEXT_MAX,
    )
    confidential_text = forms.CharField(
        label=_("Parte riservata (solo per i componenti)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DOCUMENT_TEXT_MAX,
    )


class CommentForm(StyledForm):
    text = forms.CharField(
        label=_("Commento"), widget=forms.Textarea(attrs={"rows": 3}), max_length=DOCUMENT_TEXT_MAX
    )


class ErratumForm(StyledForm):
    confidential = forms.BooleanField(label=_("Correggi la parte riservata"), required=False)
    new_text = forms.CharField(
        label=_("Testo corretto"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=DOCUMENT_TEXT_MAX,
    )
    reason = forms.CharField(
        label=_("Motivo della correzione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=SHORT_TEXT_MAX,
    )


class DecisionForm(StyledForm):
    agenda_item = forms.ModelChoiceField(
        label=_("Punto all'ordine del giorno"), queryset=AgendaItem.objects.none()
    )
    text = forms.CharField(
        label=_("Testo della decisione"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DOCUMENT_TEXT_MAX,
    )
    mode = forms.ChoiceField(label=_("Modalità"), choices=DecisionMode.choices)
    votes_for = forms.IntegerField(label=_("Favorevoli"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Contrari"), min_value=0, required=False)
    votes_abstained = forms.IntegerField(label=_("Astenuti"), min_value=0, required=False)
    owner_organization = forms.ModelChoiceField(
        label=_("Responsabile (organizzazione)"),
        queryset=choices.owner_organizations(),
        required=False,
    )
    owner_member = forms.ModelChoiceField(
        label=_("Responsabile (componente)"),
        queryset=CouncilMember.objects.none(),
        required=False,
    )
    due_date = forms.DateField(
        label=_("Scadenza"), widget=DATE, required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    conflict_members = forms.ModelMultipleChoiceField(
        label=_("Conflitti di interessi dichiarati"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select"}),
    )
    conflict_note = forms.CharField(
        label=_("Nota sui conflitti dichiarati"), max_length=300, required=False
    )
    subject = forms.ChoiceField(
        label=_("Atto adottato (oggetto formale)"),
        required=False,
        help_text=_(
            "Se la decisione adotta un atto del portale (per esempio approva un'edizione del "
            "Bilancio Sociale), sceglilo qui: solo così l'atto può citarla."
        ),
    )

    def __init__(self, *args: Any, meeting: Meeting, members: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [  # type: ignore[attr-defined]
            ("", _("Nessuno")),
            *subject_choices(),
        ]
        self.fields["agenda_item"].queryset = choices.agenda_items_of(meeting)  # type: ignore[attr-defined]
        self.fields["owner_member"].queryset = members  # type: ignore[attr-defined]
        self.fields["conflict_members"].queryset = members  # type: ignore[attr-defined]
        self.fields["owner_member"].label_from_instance = _member_label  # type: ignore[attr-defined]
        self.fields["conflict_members"].label_from_instance = _member_label  # type: ignore[attr-defined]


def _member_label(member: CouncilMember) -> str:
    return member.user.get_full_name() or member.user.email


class DecisionUpdateForm(StyledForm):
    status = forms.ChoiceField(label=_("Nuovo stato"), choices=DecisionStatus.choices)
    note = forms.CharField(
        label=_("Nota (obbligatoria per abbandonare)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX,
    )


class DashboardFilterForm(forms.Form):
    """GET form of the dashboard: choices from the filter_choices() selector."""

    def __init__(self, data: Any, choices: dict[str, list]) -> None:
        super().__init__(data)
        self.fields["periodo"] = forms.ChoiceField(
            label=_("Periodo"),
            required=False,
            choices=[("", _("Tutti i periodi"))]
            + [(str(p["pk"]), p["name"]) for p in choices["periods"]],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["cantiere"] = forms.ChoiceField(
            label=_("Cantiere o azione"),
            required=False,
            choices=[("", _("Tutti"))]
            + [(a["slug"], f"{a['number']}. {a['name']}") for a in choices["azioni"]],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["zona"] = forms.ChoiceField(
            label=_("Zona"),
            required=False,
            choices=[("", _("Tutte le zone"))] + [(z["slug"], z["name"]) for z in choices["zones"]],
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class FlagForm(forms.Form):
    key = forms.CharField(max_length=120)
    consiglio = forms.SlugField()
