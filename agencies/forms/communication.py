"""Comunicazione forms: news, events, campaigns, newsletters, pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts.emails import email_normalize

from .. import models as m
from ..selectors import choices
from .base import ToolForm
from .fields import DATE, DATETIME, _check_dates

# --- Comunicazione ---------------------------------------------------------------------------


class NewsItemForm(ToolForm):
    class Meta:
        model = m.NewsItem
        fields = ["title", "summary", "body", "published_on", "published"]
        widgets = {"published_on": DATE}


class EventForm(ToolForm):
    choice_selectors = {"quartiere": choices.quartieri_for_choice}

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


class CampaignForm(ToolForm):
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


class NewsletterForm(ToolForm):
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
