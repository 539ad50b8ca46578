"""Needs: links to council decisions, history, redaction, the public list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.core.history import history_entries
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.privacy.forms import RedactionForm
from citta_del_noi.privacy.selectors import redactions_for
from citta_del_noi.privacy.services import redactable_fields

from .. import forms as f
from .. import selectors, services
from .tools import PAGE_SIZE, _detail_rows, _object, _tool_for

# --- Conoscenza ------------------------------------------------------------------------------


@login_required
def need_link(request: HttpRequest, pk: int) -> HttpResponse:
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    form = f.NeedLinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_link(
                need=need,
                by=request.user,
                activity=form.cleaned_data.get("activity"),
                service_unit=form.cleaned_data.get("service_unit"),
                decision=form.cleaned_data.get("decision"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Risposta collegata: stato del bisogno aggiornato."))
            return redirect("agencies:tool_detail", tool="bisogni", pk=need.pk)
    return render(
        request,
        "agencies/tool_detail.html",
        {
            "tool": t,
            "object": need,
            "rows": _detail_rows(t, need),
            "history": [],
            "need": selectors.need_with_responses(need.pk),
            "link_form": form,
            "can_edit": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def need_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    try:
        services.need_unlink(
            need=need,
            by=request.user,
            kind=request.POST.get("kind", ""),
            pk=int(request.POST.get("target") or 0),
        )
    except (ValidationError, ValueError):
        messages.error(request, _("Risposta non valida."))
    else:
        messages.success(request, _("Risposta scollegata: stato del bisogno aggiornato."))
    return redirect("agencies:tool_detail", tool="bisogni", pk=need.pk)


@login_required
def need_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The need's change history, with the redactions made on it."""
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    return render(
        request,
        "agencies/need_history.html",
        {
            "tool": t,
            "object": need,
            "history": history_entries(need),
            "redactions": redactions_for(request.user, need),
            "can_redact": roles.is_comune_staff(request.user),
        },
    )


@login_required
def need_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """Comune staff remove personal data from a field of a need and from its history."""
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    if not roles.is_comune_staff(request.user):
        raise PermissionDenied
    form = RedactionForm(request.POST or None, fields=redactable_fields(type(need)))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_redact(need=need, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Testo rimosso dal bisogno e dalla sua storia delle modifiche.")
            )
            return redirect("agencies:need_history", pk=need.pk)
    return render(
        request,
        "privacy/redact.html",
        {
            "object_title": str(need),
            "back_url": reverse("agencies:need_history", args=[need.pk]),
            "form": form,
            "redactions": redactions_for(request.user, need),
        },
        status=400 if form.is_bound else 200,
    )


def needs_public(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.needs_public(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "agencies/needs_public.html", {"page": page})
