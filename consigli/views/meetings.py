"""A council's home and its meetings: create, edit, convene, cancel, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citta_del_noi.common.storage import download_url
from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    DocumentForm,
    MeetingForm,
)
from ..models import AgendaItemKind, MeetingStatus
from ._common import _message_errors, _require, council_required

# --- Council and meetings ---------------------------------------------------------------------


@council_required
@require_GET
def council_home(request: HttpRequest, slug: str) -> HttpResponse:
    council = selectors.council_for(request.user, slug)
    return render(
        request,
        "consigli/council_home.html",
        {
            "council": council,
            "members": selectors.members_in_office(council),
            "groups": selectors.working_groups_of(council),
            "meetings": selectors.meetings_of(council),
            "is_president": selectors.is_president(request.user, council.pk),
            "councils": selectors.councils_visible_to(request.user),
        },
    )


@council_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = selectors.council_for(request.user, slug)
    _require(selectors.is_president(request.user, council.pk))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                consiglio=council, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Riunione programmata. Completa l'ordine del giorno."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(request, "consigli/meeting_form.html", {"form": form, "council": council})


def _meeting_context(request: HttpRequest, meeting: Any) -> dict:
    user = request.user
    council_id = meeting.consiglio_id
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    return {
        "meeting": meeting,
        "council": meeting.consiglio,
        "agenda": selectors.agenda_of(meeting),
        "documents": selectors.documents_of(meeting),
        "quorum": selectors.quorum_of(meeting),
        "decisions": selectors.decisions_visible_to(user)
        .filter(agenda_item__meeting=meeting)
        .prefetch_related("conflicts__member__user"),
        "minutes": minutes,
        "is_president": selectors.is_president(user, council_id),
        "is_secretary": selectors.is_secretary(user, council_id),
        "editable": meeting.status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED),
        "kinds": AgendaItemKind,
    }


@council_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    return render(request, "consigli/meeting_detail.html", _meeting_context(request, meeting))


@council_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    form = (
        MeetingForm(request.POST) if request.method == "POST" else MeetingForm.for_meeting(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Riunione aggiornata."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "consigli/meeting_form.html",
        {
            "form": form,
            "council": meeting.consiglio,
            "meeting": meeting,
        },
    )


@council_required
@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    try:
        sent = services.meeting_convene(meeting=meeting, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Convocazione inviata a %(n)d componenti.") % {"n": sent})
    return redirect("consigli:meeting_detail", pk=meeting.pk)


@council_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_president(request.user, meeting.consiglio_id))
    try:
        services.meeting_cancel(meeting=meeting, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Riunione annullata."))
    return redirect("consigli:meeting_detail", pk=meeting.pk)


@council_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    response = HttpResponse(
        services.meeting_ics(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="riunione-{meeting.pk}.ics"'
    return response


# --- Documents --------------------------------------------------------------------------------


@council_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(
        selectors.is_president(request.user, meeting.consiglio_id)
        or selectors.is_secretary(request.user, meeting.consiglio_id)
    )
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Documento allegato."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(request, "consigli/document_form.html", {"form": form, "meeting": meeting})


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Members of the council and staff; anyone for public documents of approved minutes."""
    doc = selectors.document_for(request.user, pk)
    name = doc.file.name.rsplit("/", 1)[-1]
    signed = download_url(doc.file.name, filename=name)
    if signed:  # object storage: a signed URL that expires, after the same check
        return HttpResponseRedirect(signed)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name)
