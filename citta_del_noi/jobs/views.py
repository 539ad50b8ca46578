"""The job page, its polled status fragment and the result download."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.common.storage import download_url

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
