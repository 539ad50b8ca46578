"""Pages of evidence on activity records. Thin: parse input, check permission, call a service.

Files are streamed by `evidence_download` after the permission check (or redirected to a signed,
expiring URL with object storage): never a public media URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.common.storage import download_url
from citta_del_noi.forms_utils import apply_service_errors

from . import evidence, evidence_selectors, rules, selectors
from .evidence_forms import AttachmentForm, PublishForm


@login_required
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's evidence: the list for whoever sees the record, the upload form for those
    who may attach."""
    activity = selectors.activity_for(request.user, pk)
    can_attach = rules.can_attach(request.user, activity)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_attach:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                evidence.attachment_add(
                    record=activity,
                    by=request.user,
                    upload=upload,
                    kind=upload.detected_kind,
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Allegato aggiunto."))
                return redirect("cantieri:evidence_page", pk=activity.pk)
    attachments = list(evidence_selectors.attachments_of(activity))
    for item in attachments:
        item.removable = rules.can_remove_attachment(  # type: ignore[attr-defined]
            request.user, activity, item.uploaded_by_id
        )
    return render(
        request,
        "cantieri/evidence.html",
        {
            "activity": activity,
            "attachments": attachments,
            "form": form if can_attach else None,
            "can_curate": rules.can_curate_evidence(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Whoever may see the record; anyone for a public attachment of an approved record."""
    item = evidence_selectors.attachment_for(request.user, pk)
    signed = download_url(item.file.name, filename=item.original_name, storage=item.file.storage)
    if signed:
        return HttpResponseRedirect(signed)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not item.is_image,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not item.public else "private, max-age=300"
    return response


@require_POST
@login_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_selectors.attachment_for(request.user, pk)
    record_pk = item.record_id
    evidence.attachment_remove(attachment=item, by=request.user)
    messages.success(request, _("Allegato rimosso."))
    return redirect("cantieri:evidence_page", pk=record_pk)


@login_required
def evidence_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = evidence_selectors.attachment_for(request.user, pk)
    if not rules.can_curate_evidence(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "unpublish":
        evidence.attachment_unpublish(attachment=item, by=request.user)
        messages.success(request, _("L'allegato non è più pubblico."))
        return redirect("cantieri:evidence_page", pk=item.record_id)
    form = PublishForm(request.POST or None, initial={"consent_note": item.consent_note})
    if request.method == "POST" and form.is_valid():
        try:
            evidence.attachment_publish(
                attachment=item,
                by=request.user,
                consent=form.cleaned_data["consent"],
                consent_note=form.cleaned_data["consent_note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Allegato reso pubblico."))
            return redirect("cantieri:evidence_page", pk=item.record_id)
    return render(request, "cantieri/evidence_publish.html", {"item": item, "form": form})


@require_POST
@login_required
def activity_documented(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    try:
        evidence.mark_documented(
            record=activity, by=request.user, documented=request.POST.get("documented") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Stato della documentazione aggiornato."))
    return redirect("cantieri:activity_detail", pk=pk)


@require_GET
def azione_evidence(request: HttpRequest, slug: str) -> HttpResponse:
    """The cantiere's public page of evidence: public attachments of approved records."""
    azione = evidence_selectors.azione_public(slug)
    items = list(evidence_selectors.public_evidence_of(azione)[:200])
    return render(request, "cantieri/azione_evidence.html", {"azione": azione, "items": items})
