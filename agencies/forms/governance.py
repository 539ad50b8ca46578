"""Governance forms: objectives, milestones, agreements, co-design rounds, stakeholders."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import models as m
from ..selectors import choices
from .base import ToolForm
from .fields import DATE, OrgsField, QuartieriField, _check_dates

# --- Governance ------------------------------------------------------------------------------


class ObjectiveForm(ToolForm):
    choice_selectors = {"azione": choices.azioni_for_choice}

    class Meta:
        model = m.Objective
        fields = ["azione", "title", "description"]


class MilestoneForm(ToolForm):
    responsible_organizations = OrgsField(required=False, label=_("organizzazioni responsabili"))
    choice_selectors = {
        "objective": choices.objectives_for_choice,
        "responsible_organizations": choices.organizations_for_choice,
    }

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


class AgreementForm(ToolForm):
    parties = OrgsField(label=_("parti"))
    quartieri = QuartieriField(label=_("quartieri coperti"))
    choice_selectors = {
        "parties": choices.organizations_for_choice,
        "quartieri": choices.quartieri_for_choice,
    }

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


class CoDesignRoundForm(ToolForm):
    participants = OrgsField(required=False, label=_("organizzazioni partecipanti"))
    choice_selectors = {
        "azione": choices.azioni_for_choice,
        "participants": choices.organizations_for_choice,
    }

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


class StakeholderForm(ToolForm):
    choice_selectors = {"organization": choices.organizations_for_choice}

    class Meta:
        model = m.Stakeholder
        fields = ["name", "organization", "group", "involvement", "frequency", "notes"]
