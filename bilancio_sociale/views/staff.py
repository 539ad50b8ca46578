"""The staff's pages of an edition and its life: consultation, approval, publication."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_POST

from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.jobs.recovery import stuck_job_message

from .. import monitoring, page_cache, selectors, services
from ..forms import (
    ApprovalForm,
    CorrectionForm,
    EditionForm,
    EditionUpdateForm,
    RefreshForm,
    ReopenForm,
)
from ..models import EditionStatus
from ..registry import sections
from ._common import _error_text, staff_only
from .editing import _monitoring_form

# --- staff ----------------------------------------------------------------------------------


@staff_only
def staff_list(request: HttpRequest) -> HttpResponse:
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Edizione creata in bozza."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/staff_list.html",
        {
            "editions": list(selectors.editions_for_staff(request.user)),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_only
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:

    edition = selectors.edition_for_staff(request.user, pk)
    versions = list(edition.versions.order_by("-number"))
    jobs = selectors.latest_jobs_for_targets(
        user=request.user, targets=versions, kind=services.BUILD_KIND
    )
    texts = services.texts_of(edition)
    current = monitoring.from_texts(texts)
    snapshot = selectors.current_snapshot_meta(edition)
    return render(
        request,
        "bilancio_sociale/staff_detail.html",
        {
            "edition": edition,
            "sections": [
                (s, bool(texts.get(s.key)) or (s.key == monitoring.SECTION and current.complete))
                for s in sections()
            ],
            "monitoring": current,
            "monitoring_form": _monitoring_form(current),
            "monitoring_key": monitoring.SECTION,
            "snapshot": snapshot,
            # The audit (tens of milliseconds of linear programmes) depends only on the
            # snapshot and the earlier editions beside it: cached on them (page_cache.py).
            "audit": page_cache.cached(
                page_cache.key_for(edition, "audit", snapshot.pk, snapshot.taken_at),
                lambda: selectors.disclosure_audit(edition),
            )
            if snapshot is not None
            else None,
            "logs": list(selectors.snapshot_logs(edition)[:20]),
            "versions": [(v, jobs.get(v.pk)) for v in versions],
            "refresh_form": RefreshForm(),
            "reopen_form": ReopenForm(),
            "update_form": EditionUpdateForm(
                initial={
                    "title": edition.title,
                    "consultation_closes_on": edition.consultation_closes_on,
                }
            ),
            "Status": EditionStatus,
        },
    )


def _post_action(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    try:
        action(edition)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return redirect("bilancio_sociale:staff_detail", pk=edition.pk)


@staff_only
@require_POST
def staff_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = EditionUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _g("Controlla il titolo e la data di chiusura."))
        return redirect("bilancio_sociale:staff_detail", pk=pk)
    return _post_action(
        request,
        pk,
        lambda e: services.edition_update(edition=e, by=request.user, **form.cleaned_data),
        _g("Edizione aggiornata."),
    )


@staff_only
@require_POST
def open_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda e: services.edition_open_consultation(edition=e, by=request.user),
        _g("Consultazione aperta: i dati del periodo sono stati congelati."),
    )


@staff_only
@require_POST
def snapshot_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        pk,
        lambda e: services.snapshot_refresh(edition=e, by=request.user, reason=reason),
        _g("Dati aggiornati; l'operazione è registrata."),
    )


@staff_only
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    form = ApprovalForm(
        request.POST or None, decisions=selectors.approval_decision_choices(request.user, edition)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_approve(
                edition=edition,
                decision=form.cleaned_data["decision"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Approvazione registrata."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/approve.html",
        {"edition": edition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def reopen_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        pk,
        lambda e: services.edition_reopen_consultation(edition=e, by=request.user, reason=reason),
        _g("Edizione riportata in consultazione: servirà una nuova approvazione."),
    )


@staff_only
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda e: services.edition_publish(edition=e, by=request.user),
        _g("Edizione pubblicata. Ora genera il PDF."),
    )


@staff_only
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    form = CorrectionForm(request.POST or None, sections=selectors.correction_targets(edition))
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["section_key"]
        try:
            services.edition_publish_correction(
                edition=edition,
                erratum=form.cleaned_data["erratum"],
                by=request.user,
                texts={key: form.cleaned_data["body"]} if key else None,
                refresh_data=form.cleaned_data["refresh_data"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Nuova versione pubblicata. Genera il suo PDF."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/correction.html",
        {"edition": edition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def build_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    version = edition.versions.filter(number=number).first()
    if version is None:
        raise Http404
    try:
        job, already = services.pdf_build_request(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if already and job.is_stuck:
            messages.warning(request, stuck_job_message(request.user))
        elif already:
            messages.warning(
                request, _g("La generazione del PDF è già in corso: segui la barra di avanzamento.")
            )
        else:
            messages.success(
                request, _g("Generazione del PDF avviata: riceverai un'email quando sarà pronto.")
            )
    return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
