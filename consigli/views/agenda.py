"""A meeting's agenda: add, edit, move, delete, confidentiality."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
)
from ._common import _message_errors, _require, council_required

# --- Agenda -----------------------------------------------------------------------------------


def _agenda_fields(data: dict) -> services.AgendaFields:
    return services.AgendaFields(
        **{k: v for k, v in data.items() if k in services.AgendaFields.__dataclass_fields__}
    )


@council_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    decisions = selectors.decisions_visible_to(request.user).filter(
        agenda_item__meeting__consiglio_id=meeting.consiglio_id
    )
    form = AgendaItemForm(request.POST or None, decisions=decisions)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(
                meeting=meeting, fields=_agenda_fields(form.cleaned_data), by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Punto aggiunto all'ordine del giorno."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(request, "consigli/agenda_item_form.html", {"form": form, "meeting": meeting})


@council_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    agenda_item = selectors.agenda_item_for(request.user, meeting, item)
    decisions = selectors.decisions_visible_to(request.user).filter(
        agenda_item__meeting__consiglio_id=meeting.consiglio_id
    )
    form = AgendaItemForm(
        request.POST or None, decisions=decisions, initial=AgendaItemForm.initial_for(agenda_item)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                item=agenda_item, fields=_agenda_fields(form.cleaned_data), by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Punto aggiornato."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "consigli/agenda_item_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": agenda_item,
        },
    )


@council_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    agenda_item = selectors.agenda_item_for(request.user, meeting, item)
    try:
        services.agenda_item_move(
            item=agenda_item, up=request.POST.get("direction") != "down", by=request.user
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    return redirect(reverse("consigli:meeting_detail", args=[meeting.pk]) + "#odg")


@council_required
@require_POST
def agenda_item_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    agenda_item = selectors.agenda_item_for(request.user, meeting, item)
    try:
        services.agenda_item_delete(item=agenda_item, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Punto eliminato."))
    return redirect(reverse("consigli:meeting_detail", args=[meeting.pk]) + "#odg")


@council_required
@require_POST
def agenda_item_confidential(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_secretary(request.user, meeting.consiglio_id))
    agenda_item = selectors.agenda_item_for(request.user, meeting, item)
    services.agenda_item_set_confidential(
        item=agenda_item, confidential=request.POST.get("confidential") == "1", by=request.user
    )
    messages.success(request, _("Riservatezza del punto aggiornata."))
    return redirect(reverse("consigli:meeting_detail", args=[meeting.pk]) + "#odg")
