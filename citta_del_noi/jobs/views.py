"""The job page, its polled status fragment, the result download and the restart of a stuck job."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _g
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.common.storage import download_url

from . import recovery
from .models import Job
from .registry import may_download
from .selectors import job_for_viewer


def _job_or_404(request: HttpRequest, pk: int) -> Job:
    job = job_for_viewer(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
@never_cache
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
@require_GET
@never_cache
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    # Only the fragment: no request context, so no per-page context processors run.
    return HttpResponse(render_to_string("jobs/_progress.html", {"job": job}))


@login_required
@require_GET
@never_cache
def job_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _job_or_404(request, pk)
    if not job.is_done or not job.result_file or not may_download(request.user, job):
        raise Http404
    signed = download_url(job.result_file.name, filename=job.result_filename)
    if signed:  # object storage: a signed URL that expires, after the same check
        return HttpResponseRedirect(signed)
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=job.result_filename)


@login_required
@require_POST
def job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Restart a stuck job (staff with jobs.restart_job); back to `next` or the new job's page."""
    job = _job_or_404(request, pk)
    if not recovery.can_restart(request.user):
        raise PermissionDenied
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    try:
        restarted = recovery.job_restart(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target or reverse("jobs:detail", kwargs={"pk": job.pk}))
    messages.success(request, _g("Lavoro riavviato: segui la barra di avanzamento."))
    return redirect(target or reverse("jobs:detail", kwargs={"pk": restarted.pk}))
