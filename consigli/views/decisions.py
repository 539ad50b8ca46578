"""Decisions: record, list, read, update the status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    DecisionForm,
    DecisionUpdateForm,
)
from ..models import DecisionStatus
from ..subjects import subject_label
from ._common import _message_errors, _require, council_required

# --- Decisions --------------------------------------------------------------------------------


@council_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_secretary(request.user, meeting.consiglio_id))
    members = selectors.members_in_office(meeting.consiglio, meeting.date)
    form = DecisionForm(
        request.POST or None,
        meeting=meeting,
        members=members,
        initial={"agenda_item": request.GET.get("punto")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner_member = data.get("owner_member")
        payload = services.DecisionInput(
            text=data["text"],
            mode=data["mode"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_abstained=data["votes_abstained"],
            owner_user=owner_member.user if owner_member else None,
            owner_organization=data["owner_organization"],
            due_date=data["due_date"],
            conflicts=[(m, data["conflict_note"]) for m in data["conflict_members"]],
            subject=data.get("subject") or "",
        )
        try:
            services.decision_record(agenda_item=data["agenda_item"], data=payload, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Decisione registrata."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(request, "consigli/decision_form.html", {"form": form, "meeting": meeting})


@council_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("stato", "")
    decisions = selectors.decisions_visible_to(request.user).order_by(
        "-agenda_item__meeting__starts_at", "pk"
    )
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    return render(
        request,
        "consigli/decision_list.html",
        {
            "decisions": decisions[:500],
            "statuses": DecisionStatus.choices,
            "status": status,
        },
    )


@council_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, pk)
    council_id = decision.agenda_item.meeting.consiglio_id
    can_update = selectors.is_secretary(request.user, council_id) or selectors.is_president(
        request.user, council_id
    )
    return render(
        request,
        "consigli/decision_detail.html",
        {
            "decision": decision,
            "updates": decision.updates.select_related("created_by"),
            "conflicts": decision.conflicts.select_related("member__user"),
            "form": DecisionUpdateForm(initial={"status": decision.status}) if can_update else None,
            "member_view": selectors.can_view_council(request.user, council_id),
            "subject_label": subject_label(decision.subject),
        },
    )


@council_required
@require_POST
def decision_update(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, pk)
    council_id = decision.agenda_item.meeting.consiglio_id
    if not selectors.can_view_council(request.user, council_id):
        raise Http404
    _require(
        selectors.is_secretary(request.user, council_id)
        or selectors.is_president(request.user, council_id)
    )
    form = DecisionUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.decision_update_status(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("Stato della decisione aggiornato."))
    else:
        messages.error(request, _("Scegli uno stato valido."))
    return redirect("consigli:decision_detail", pk=decision.pk)
