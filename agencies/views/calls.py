"""Calls for proposals: public list, applications, management, evaluation, awards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import login_required, role_required
from citta_del_noi.accounts.selectors import active_user_by_email
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.organizations import rules as org_rules

from .. import forms as f
from .. import rules, selectors, services
from ..models import (
    Call,
    CallStatus,
)
from .tools import _tool_for

# --- Finanza: calls for proposals ------------------------------------------------------------


def call_public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/call_public_list.html",
        # the link to "Le domande della mia organizzazione" only for whom it opens (its view rule)
        {"calls": selectors.calls_public(), "show_my_applications": rules.can_apply(request.user)},
    )


def call_public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_public(pk)
    if call is None:
        raise Http404
    own = None
    if roles.is_partner(request.user):
        own = selectors.application_of_org(
            call=call, organization_ids=roles.partner_organization_ids(request.user)
        )
    return render(
        request,
        "agencies/call_public_detail.html",
        {
            "call": call,
            "open": call.status == CallStatus.PUBLISHED and call.deadline > timezone.now(),
            "own": own,
            "can_apply": rules.can_apply(request.user),
            "ranking": selectors.call_ranking(call) if call.status == CallStatus.AWARDED else None,
        },
    )


@role_required(rules.can_apply)
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_public(pk)
    if call is None:
        raise Http404
    org_ids = {
        pk
        for pk in roles.partner_organization_ids(request.user)
        if org_rules.can_submit(request.user, pk)
    }
    form = f.ApplicationForm(request.POST or None, organization_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                call=call,
                organization=form.cleaned_data["organization"],
                by=request.user,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                requested_amount=form.cleaned_data["requested_amount"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Domanda presentata."))
            return redirect("agencies:my_applications")
    return render(
        request,
        "agencies/call_apply.html",
        {"call": call, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(rules.can_apply)
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/my_applications.html",
        {"applications": selectors.applications_of_user(request.user)},
    )


def _call_for_staff(request: HttpRequest, pk: int) -> Call:
    _tool_for(request, "bandi")
    call = selectors.call_for_staff(pk)
    if call is None:
        raise Http404
    return call


@login_required
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    return _render_manage(request, call)


def _render_manage(
    request: HttpRequest,
    call: Call,
    assign_form: Any = None,
    award_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agencies/call_manage.html",
        {
            "call": call,
            "ranking": selectors.call_ranking(call),
            "assign_form": assign_form or f.AssignForm(),
            "award_form": award_form,
            "now": timezone.now(),
        },
        status=status,
    )


@require_POST
@login_required
def call_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    call = _call_for_staff(request, pk)
    actions = {
        "pubblica": (services.call_publish, _("Bando pubblicato.")),
        "chiudi": (services.call_close, _("Bando chiuso: si passa alla valutazione.")),
        "approva": (services.call_finalize, _("Graduatoria approvata.")),
    }
    if action not in actions:
        raise Http404
    service, done = actions[action]
    try:
        service(call=call, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("agencies:call_manage", pk=call.pk)


def _application_of(call: Call, pk: Any) -> Any:
    app = call.applications.filter(pk=pk).first() if str(pk).isdigit() else None
    if app is None:
        raise Http404
    return app


@require_POST
@login_required
def call_assign(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    form = f.AssignForm(request.POST)
    if form.is_valid():
        application = _application_of(call, form.cleaned_data["application"])
        evaluator = active_user_by_email(form.cleaned_data["email"])
        if evaluator is None:
            form.add_error("email", _("Nessun utente attivo con questa email."))
        else:
            try:
                services.evaluator_assign(
                    application=application, evaluator=evaluator, by=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Valutatore assegnato."))
                return redirect("agencies:call_manage", pk=call.pk)
    return _render_manage(request, call, assign_form=form, status=400)


@require_POST
@login_required
def call_award(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    form = f.AwardForm(request.POST)
    if form.is_valid():
        application = _application_of(call, form.cleaned_data["application"])
        try:
            services.application_award(
                application=application, amount=form.cleaned_data["amount"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contributo assegnato."))
            return redirect("agencies:call_manage", pk=call.pk)
    return _render_manage(request, call, award_form=form, status=400)


@login_required
def evaluations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/evaluations.html",
        {"assignments": selectors.assignments_for_evaluator(request.user)},
    )


@login_required
def evaluation_score(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_evaluator(request.user, pk)
    if assignment is None:
        raise Http404
    criteria = list(assignment.application.call.criteria.all())
    initial = {s.criterion_id: (s.score, s.comment) for s in assignment.scores.all()}
    form = f.ScoreForm(request.POST or None, criteria=criteria, initial_scores=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(assignment=assignment, by=request.user, scores=form.scores())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Valutazione salvata."))
            return redirect("agencies:evaluations")
    return render(
        request,
        "agencies/evaluation_score.html",
        {"assignment": assignment, "form": form},
        status=400 if request.method == "POST" else 200,
    )
