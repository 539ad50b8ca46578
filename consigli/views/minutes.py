"""Minutes: edit, read, comment, approve, errata, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    CommentForm,
    ErratumForm,
    MinutesForm,
)
from ._common import _message_errors, _require, council_required

# --- Minutes ----------------------------------------------------------------------------------


@council_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_secretary(request.user, meeting.consiglio_id))
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    if minutes is not None and minutes.is_approved:
        messages.info(
            request, _("Il verbale è approvato: per cambiarlo registra un'errata corrige.")
        )
        return redirect("consigli:minutes_erratum", pk=minutes.pk)
    initial = (
        {"text": minutes.text, "confidential_text": minutes.confidential_text} if minutes else {}
    )
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Bozza del verbale salvata."))
            return redirect("consigli:minutes_detail", pk=saved.pk)
    return render(request, "consigli/minutes_form.html", {"form": form, "meeting": meeting})


@council_required
@require_GET
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = selectors.minutes_for(request.user, pk)
    council_id = minutes.meeting.consiglio_id
    return render(
        request,
        "consigli/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "comments": minutes.comments.select_related("author"),
            "errata": minutes.errata.select_related("created_by"),
            "comment_form": CommentForm(),
            "is_secretary": selectors.is_secretary(request.user, council_id),
        },
    )


@council_required
@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = selectors.minutes_for(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_comment(
                minutes=minutes, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("Commento aggiunto."))
    else:
        messages.error(request, _("Scrivi il commento."))
    return redirect("consigli:minutes_detail", pk=minutes.pk)


@council_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Record, at this meeting, the approval of the minutes its agenda item names."""
    meeting = selectors.meeting_for(request.user, pk)
    _require(
        selectors.is_secretary(request.user, meeting.consiglio_id)
        or selectors.is_president(request.user, meeting.consiglio_id)
    )
    agenda_item = selectors.agenda_item_for(request.user, meeting, item)
    if agenda_item.minutes_to_approve is None:
        raise Http404
    try:
        services.minutes_approve(
            minutes=agenda_item.minutes_to_approve, at_meeting=meeting, by=request.user
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Verbale approvato: da ora non si modifica più."))
    return redirect(reverse("consigli:meeting_detail", args=[meeting.pk]) + "#odg")


@council_required
@require_http_methods(["GET", "POST"])
def minutes_erratum(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = selectors.minutes_for(request.user, pk)
    _require(selectors.is_secretary(request.user, minutes.meeting.consiglio_id))
    form = ErratumForm(request.POST or None, initial={"new_text": minutes.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_erratum(minutes=minutes, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Errata corrige registrata."))
            return redirect("consigli:minutes_detail", pk=minutes.pk)
    return render(request, "consigli/erratum_form.html", {"form": form, "minutes": minutes})


@council_required
@require_POST
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = selectors.minutes_for(request.user, pk)
    job = services.minutes_pdf_start(minutes=minutes, by=request.user)
    return redirect("jobs:detail", pk=job.pk)
