"""Forms of the agencies' tools. Messages in Italian, next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cantieri.models import ActivityRecord, FundingSource
from citta_del_noi.accounts.emails import email_normalize
from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX
from citta_del_noi.organizations.models import Organization
from citta_del_noi.privacy.validators import add_no_personal_data
from citta_del_noi.uploads import SPREADSHEET_KINDS, UploadValidator
from territori.models import Quartiere

from . import models as m
from . import selectors
from .services import budget_line_check

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
QUARTIERE_ERRORS = {
    "invalid_choice": _("Il quartiere indicato non esiste."),
    "invalid_pk_value": _("Il quartiere indicato non esiste."),
}


def _orgs() -> Any:
    return Organization.objects.filter(active=True).order_by("name")


def _check_dates(form: forms.BaseForm, start: str, end: str, message: Any) -> None:
    a, b = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if a and b and b < a:
        form.add_error(end, message)


class QuartieriField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", QUARTIERE_ERRORS)
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=Quartiere.objects.order_by("name"), **kwargs)


class OrgsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(queryset=_orgs(), **kwargs)


# --- Governance ------------------------------------------------------------------------------


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = m.Objective
        fields = ["azione", "title", "description"]


class MilestoneForm(forms.ModelForm):
    responsible_organizations = OrgsField(required=False, label=_("organizzazioni responsabili"))

    class Meta:
        model = m.Milestone
        fields = [
            "objective",
            "title",
            "due_date",
            "status",
            "progress",
            "responsible_organizations",
            "notes",
        ]
        widgets = {"due_date": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == m.MilestoneStatus.DONE and data.get("progress") != 100:
            self.add_error("progress", _("Una tappa completata ha avanzamento 100%."))
        return data


class AgreementForm(forms.ModelForm):
    parties = OrgsField(label=_("parti"))
    quartieri = QuartieriField(label=_("quartieri coperti"))

    class Meta:
        model = m.Agreement
        fields = [
            "kind",
            "title",
            "object",
            "parties",
            "valid_from",
            "valid_to",
            "quartieri",
            "published",
        ]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, "valid_from", "valid_to", _("La fine della validità precede l'inizio."))
        return data


class CoDesignRoundForm(forms.ModelForm):
    participants = OrgsField(required=False, label=_("organizzazioni partecipanti"))

    class Meta:
        model = m.CoDesignRound
        fields = [
            "kind",
            "title",
            "azione",
            "legal_basis",
            "start",
            "end",
            "status",
            "participants",
            "outcome",
        ]
        widgets = {"start": DATE, "end": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, "start", "end", _("La fine precede l'inizio."))
        if data.get("status") == m.RoundStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Un tavolo concluso deve riportare l'esito."))
        return data


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = m.Stakeholder
        fields = ["name", "organization", "group", "involvement", "frequency", "notes"]


# --- Risorse umane ---------------------------------------------------------------------------


class StaffEntryForm(forms.ModelForm):
    class Meta:
        model = m.StaffEntry
        fields = [
            "organization",
            "reporting_period",
            "role",
            "contract_type",
            "sex",
            "age_band",
            "people",
            "hours",
        ]
        help_texts = {
            "people": _("Numero di persone con questo profilo: solo dati aggregati, mai nomi."),
        }


class VolunteerEntryForm(forms.ModelForm):
    class Meta:
        model = m.VolunteerEntry
        fields = [
            "organization",
            "reporting_period",
            "volunteers",
            "volunteer_hours",
            "description",
        ]
        help_texts = {
            "volunteers": _(
                "Solo i volontari NON legati ad attività registrate (coordinamento, segreteria, "
                "eventi senza scheda). I volontari delle attività arrivano dalle schede "
                "attività approvate: i totali del portale sommano le due fonti, così nessuna "
                "ora è contata due volte."
            ),
            "volunteer_hours": _("Ore di volontariato fuori dalle attività registrate."),
        }


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        model = m.TrainingCourse
        fields = [
            "title",
            "description",
            "provider",
            "start",
            "end",
            "evaluation_score",
            "evaluation_notes",
        ]
        widgets = {"start": DATE, "end": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, "start", "end", _("La fine precede l'inizio."))
        return data


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = m.TrainingSession
        fields = ["course", "date", "hours", "topic"]
        widgets = {"date": DATE}


class TrainingParticipationForm(forms.ModelForm):
    class Meta:
        model = m.TrainingParticipation
        fields = ["course", "organization", "participants"]


class VolunteerCallForm(forms.ModelForm):
    quartieri = QuartieriField(label=_("quartieri"))

    class Meta:
        model = m.VolunteerCall
        fields = [
            "organization",
            "title",
            "description",
            "quartieri",
            "contact_email",
            "open_until",
            "published",
        ]
        widgets = {"open_until": DATE}


class InterestForm(forms.Form):
    name = forms.CharField(label=_("Nome e cognome"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Telefono (facoltativo)"), max_length=30, required=False)
    message = forms.CharField(
        label=_("Messaggio (facoltativo)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX,
    )
    consent = forms.BooleanField(
        label=_(
            "Acconsento che i miei dati siano inoltrati all'organizzazione per essere "
            "ricontattato/a; saranno cancellati al termine del periodo di conservazione."
        ),
        required=True,
        error_messages={
            "required": _("Per inviare la disponibilità serve il consenso al trattamento dei dati.")
        },
    )


# --- Conoscenza ------------------------------------------------------------------------------


class NeedForm(forms.ModelForm):
    quartieri = QuartieriField(
        label=_("quartieri"), help_text=_("Nessun quartiere: bisogno dell'intera città.")
    )

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


class WelfareTargetGroupForm(forms.ModelForm):
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


class ServiceUnitForm(forms.ModelForm):
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


class LibraryDocumentForm(forms.ModelForm):
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


# --- Comunicazione ---------------------------------------------------------------------------


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = m.NewsItem
        fields = ["title", "summary", "body", "published_on", "published"]
        widgets = {"published_on": DATE}


class EventForm(forms.ModelForm):
    class Meta:
        model = m.Event
        fields = ["title", "description", "start", "end", "location", "quartiere", "published"]
        widgets = {"start": DATETIME, "end": DATETIME}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("start"), data.get("end")
        if a and b and b <= a:
            self.add_error("end", _("La fine dell'evento deve seguire l'inizio."))
        return data


class CampaignForm(forms.ModelForm):
    class Meta:
        model = m.Campaign
        fields = [
            "name",
            "objective",
            "audience",
            "channels",
            "start",
            "end",
            "reach",
            "reach_method",
        ]
        widgets = {"start": DATE, "end": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, "start", "end", _("La fine precede l'inizio."))
        if data.get("reach") is not None and not data.get("reach_method"):
            self.add_error("reach_method", _("Indicare come è stata misurata la copertura."))
        return data


class NewsletterForm(forms.ModelForm):
    class Meta:
        model = m.Newsletter
        fields = ["subject", "body"]

    def clean(self) -> dict[str, Any]:
        if self.instance.pk and self.instance.status != m.NewsletterStatus.DRAFT:
            raise ValidationError(_("Una newsletter inviata non si modifica."))
        return super().clean() or {}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("La tua email"))
    consent = forms.BooleanField(
        label=_("Acconsento a ricevere la newsletter; posso cancellarmi con un clic."),
        error_messages={"required": _("Serve il consenso per iscriversi.")},
    )

    def clean_email(self) -> str:
        return email_normalize(self.cleaned_data["email"])


class PageForm(forms.ModelForm):
    class Meta:
        model = m.PublicPage
        fields = ["intro", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


# --- Finanza ---------------------------------------------------------------------------------


class SourceAllocationForm(forms.ModelForm):
    class Meta:
        model = m.SourceAllocation
        fields = ["source", "year", "amount", "note"]


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = m.BudgetLine
        fields = ["source", "year", "azione", "agency", "description", "amount"]

    def clean(self) -> dict[str, Any]:

        data = super().clean() or {}
        if not self.errors and data.get("source") and data.get("year") is not None:
            try:
                budget_line_check(
                    source=data["source"],
                    year=data["year"],
                    amount=data["amount"],
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


class ExpenditureForm(forms.ModelForm):
    activity_number = forms.IntegerField(
        label=_("Numero della scheda attività (facoltativo)"),
        required=False,
        min_value=1,
        help_text=_("Collega la spesa alle risorse di un'attività registrata."),
    )

    class Meta:
        model = m.Expenditure
        fields = ["budget_line", "kind", "date", "amount", "description"]
        widgets = {"date": DATE}
        error_messages = {
            "budget_line": {
                "required": _("Ogni impegno o spesa deve essere collegato a una voce di bilancio.")
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["budget_line"]
        ).queryset = m.BudgetLine.objects.select_related("source", "azione")
        if self.instance.activity_id:
            self.fields["activity_number"].initial = self.instance.activity_id

    def clean_activity_number(self) -> Any:

        pk = self.cleaned_data.get("activity_number")
        if pk and not ActivityRecord.objects.filter(pk=pk).exists():
            raise ValidationError(_("Nessuna attività con questo numero."))
        return pk

    def save(self, commit: bool = True) -> Any:
        self.instance.activity_id = self.cleaned_data.get("activity_number") or None
        return super().save(commit=commit)


class FundraisingForm(forms.ModelForm):
    class Meta:
        model = m.Fundraising
        fields = [
            "title",
            "description",
            "start",
            "end",
            "target_amount",
            "raised_amount",
            "donations",
            "published",
        ]
        widgets = {"start": DATE, "end": DATE}
        help_texts = {
            "raised_amount": _("Totale delle donazioni: solo dati aggregati, mai i donatori."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, "start", "end", _("La fine precede l'inizio."))
        return data


class CallForm(forms.ModelForm):
    class Meta:
        model = m.Call
        fields = ["title", "description", "budget", "source", "deadline"]
        widgets = {"deadline": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["source"]
        ).queryset = FundingSource.objects.order_by("order")

    def clean(self) -> dict[str, Any]:
        if self.instance.pk and self.instance.status != m.CallStatus.DRAFT:
            raise ValidationError(_("Un bando pubblicato non si modifica."))
        return super().clean() or {}


class CallCriterionForm(forms.ModelForm):
    class Meta:
        model = m.CallCriterion
        fields = ["call", "name", "weight", "max_score", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["call"]).queryset = m.Call.objects.filter(
            status=m.CallStatus.DRAFT
        )
        self.fields["call"].error_messages["invalid_choice"] = _(
            "I criteri si modificano solo finché il bando è in bozza."
        )


class GrantForm(forms.ModelForm):
    class Meta:
        model = m.Grant
        fields = ["status", "notes"]


class ApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organizzazione"), queryset=_orgs())
    title = forms.CharField(label=_("Titolo del progetto"), max_length=200)
    summary = forms.CharField(
        label=_("Sintesi del progetto"), widget=forms.Textarea, max_length=LONG_TEXT_MAX
    )
    requested_amount = forms.DecimalField(
        label=_("Contributo richiesto (€)"), min_value=1, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, organization_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = _orgs().filter(
            pk__in=organization_ids
        )


class AssignForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(label=_("Email del valutatore"))


class AwardForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Contributo da assegnare (€)"), min_value=1, max_digits=12, decimal_places=2
    )


class ScoreForm(forms.Form):
    """One score and one comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list, initial_scores: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            score, comment = initial_scores.get(c.pk, (None, ""))
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (da 0 a %(max)s, peso %(weight)s)")
                % {"name": c.name, "max": c.max_score, "weight": c.weight},
                min_value=0,
                max_value=c.max_score,
                initial=score,
                error_messages={
                    "max_value": _("Il punteggio massimo per questo criterio è %(limit_value)s.")
                },
            )
            self.fields[f"n{c.pk}"] = forms.CharField(
                label=_("Motivazione"), required=False, max_length=500, initial=comment
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"c{c.pk}"], self.cleaned_data.get(f"n{c.pk}", ""))
            for c in self.criteria
        }
