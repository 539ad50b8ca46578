"""Finanza forms: allocations, budget lines, expenditures, fundraising."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import models as m
from ..selectors import choices
from ..services import budget_line_check
from .base import ToolForm
from .fields import DATE, _check_dates

# --- Finanza ---------------------------------------------------------------------------------


class SourceAllocationForm(ToolForm):
    choice_selectors = {"source": choices.sources_for_choice}

    class Meta:
        model = m.SourceAllocation
        fields = ["source", "year", "amount", "note"]


class BudgetLineForm(ToolForm):
    choice_selectors = {
        "source": choices.sources_for_choice,
        "azione": choices.azioni_for_choice,
        "agency": choices.agencies_for_choice,
    }

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


class ExpenditureForm(ToolForm):
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

    choice_selectors = {"budget_line": choices.budget_lines_for_choice}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.activity_id:
            self.fields["activity_number"].initial = self.instance.activity_id

    def clean_activity_number(self) -> Any:

        pk = self.cleaned_data.get("activity_number")
        # Only a record the viewer may see: another partner's draft is "no such record".
        if pk and not choices.activity_number_linkable(self.viewer, pk):
            raise ValidationError(_("Nessuna attività con questo numero."))
        return pk

    def save(self, commit: bool = True) -> Any:
        self.instance.activity_id = self.cleaned_data.get("activity_number") or None
        return super().save(commit=commit)


class FundraisingForm(ToolForm):
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
