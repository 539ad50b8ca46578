"""Risorse umane forms: staff, volunteers, training, volunteer calls and interests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import SHORT_TEXT_MAX

from .. import models as m
from ..selectors import choices
from .base import ToolForm
from .fields import DATE, QuartieriField, _check_dates

_ORG_AND_PERIOD = {
    "organization": choices.organizations_for_choice,
    "reporting_period": choices.periods_for_choice,
}

# --- Risorse umane ---------------------------------------------------------------------------


class StaffEntryForm(ToolForm):
    choice_selectors = _ORG_AND_PERIOD

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


class VolunteerEntryForm(ToolForm):
    choice_selectors = _ORG_AND_PERIOD

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


class TrainingCourseForm(ToolForm):
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


class TrainingSessionForm(ToolForm):
    choice_selectors = {"course": choices.training_courses_for_choice}

    class Meta:
        model = m.TrainingSession
        fields = ["course", "date", "hours", "topic"]
        widgets = {"date": DATE}


class TrainingParticipationForm(ToolForm):
    choice_selectors = {
        "course": choices.training_courses_for_choice,
        "organization": choices.organizations_for_choice,
    }

    class Meta:
        model = m.TrainingParticipation
        fields = ["course", "organization", "participants"]


class VolunteerCallForm(ToolForm):
    quartieri = QuartieriField(label=_("quartieri"))
    choice_selectors = {
        "organization": choices.organizations_for_choice,
        "quartieri": choices.quartieri_for_choice,
    }

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
