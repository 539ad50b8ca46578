"""Calls for proposals forms: calls, criteria, grants, applications, evaluation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX

from .. import models as m
from ..selectors import choices
from .base import ToolForm
from .fields import DATETIME, _orgs


class CallForm(ToolForm):
    choice_selectors = {"source": choices.sources_for_choice}

    class Meta:
        model = m.Call
        fields = ["title", "description", "budget", "source", "deadline"]
        widgets = {"deadline": DATETIME}

    def clean(self) -> dict[str, Any]:
        if self.instance.pk and self.instance.status != m.CallStatus.DRAFT:
            raise ValidationError(_("Un bando pubblicato non si modifica."))
        return super().clean() or {}


class CallCriterionForm(ToolForm):
    choice_selectors = {"call": choices.calls_in_draft}
    # The scope is the rule: a criterion of a published call no longer changes.
    current_must_stay_in_scope = frozenset({"call"})

    class Meta:
        model = m.CallCriterion
        fields = ["call", "name", "weight", "max_score", "order"]
        error_messages = {
            "call": {
                "invalid_choice": _("I criteri si modificano solo finché il bando è in bozza.")
            }
        }


class GrantForm(ToolForm):
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
