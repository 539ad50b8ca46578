"""Council pages: thin views (parse, check permission, call a service or selector, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citta_del_noi.accounts.permissions import role_required
from citta_del_noi.common.storage import download_url
from citta_del_noi.forms_utils import apply_service_errors

from . import selectors, services
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CommentForm,
    DecisionForm,
    DecisionUpdateForm,
    DocumentForm,
    ErratumForm,
    MeetingForm,
    MinutesForm,
)
from .models import AgendaItemKind, AttendanceStatus, DecisionStatus, MeetingStatus
from .subjects import subject_label

council_required = role_required(selectors.can_use_councils)


def _message_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


# --- Public pages -----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "consigli/public_list.html", {"councils": selectors.councils_public()})


@require_GET
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = selectors.council_public(slug)
    meetings = list(selectors.public_meetings(council))
    return render(
        request,
        "consigli/public_detail.html",
        {
            "council": council,
            "members": selectors.members_in_office(council),
            "meetings": meetings,
            "minutes": selectors.public_minutes(council),
            "decisions": selectors.decisions_public(council),
            "can_enter": selectors.can_view_council(request.user, council.pk),
        },
    )


@require_GET
def public_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.public_minutes_for(pk)
    if minutes.meeting.consiglio.slug != slug:
        raise Http404
    return render(
        request,
        "consigli/public_minutes.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "council": minutes.meeting.consiglio,
            "agenda": selectors.agenda_of(minutes.meeting, public=True),
            "errata": minutes.errata.filter(confidential=False),
        },
    )


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


# --- Attendance -------------------------------------------------------------------------------


@council_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _require(selectors.is_secretary(request.user, meeting.consiglio_id))
    current = selectors.attendance_of(meeting)
    members = list(selectors.members_in_office(meeting.consiglio, meeting.date))
    # Members already recorded stay listed even if their term has ended since.
    listed = {m.pk for m in members}
    members += [a.member for a in current.values() if a.member_id not in listed]
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        by_pk = {m.pk: m for m in members}
        entries = []
        for member in members:
            delegate_pk = form.cleaned_data.get(f"delegate_{member.pk}")
            entries.append(
                services.AttendanceEntry(
                    member=member,
                    status=form.cleaned_data[f"member_{member.pk}"],
                    delegate=by_pk.get(delegate_pk) if delegate_pk else None,
                )
            )
        try:
            services.attendance_record(meeting=meeting, entries=entries, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Presenze registrate."))
            return redirect("consigli:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "consigli/attendance_form.html",
        {
            "form": form,
            "meeting": meeting,
            "statuses": AttendanceStatus,
        },
    )


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
