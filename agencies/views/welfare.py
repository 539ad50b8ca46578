"""The welfare map: service-unit import, its templates, the public map."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.jobs.models import Job

from .. import forms as f
from .. import selectors
from ..import_jobs import welfare_import_result, welfare_import_start
from ..imports import template_csv, template_xlsx
from .tools import PAGE_SIZE, _tool_for


@login_required
def serviceunit_import(request: HttpRequest) -> HttpResponse:
    """Upload → checked by the form → parsed and saved by the worker (import_jobs); the page
    follows the job (?lavoro=<id>) and shows its report when done."""
    _tool_for(request, "servizi")
    form = f.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = welfare_import_start(upload=form.cleaned_data["file"], by=request.user)
        return redirect(f"{reverse('agencies:serviceunit_import')}?lavoro={started.pk}")
    job: Job | None = None
    result = None
    job_id = request.GET.get("lavoro", "")
    if job_id.isdigit() and request.method == "GET":
        job = Job.objects.filter(pk=int(job_id), created_by_id=request.user.pk).first()
        if job is None:
            raise Http404
        result = welfare_import_result(job) if job.is_done else None
        if result and result["ok"]:
            messages.success(
                request,
                _(
                    "Importazione completata: %(c)s unità create, %(u)s aggiornate; "
                    "%(ya)s anni aggiunti, %(yu)s anni aggiornati."
                )
                % {
                    "c": result["created"],
                    "u": result["updated"],
                    "ya": result["years_added"],
                    "yu": result["years_updated"],
                },
            )
    failed = form.is_bound or (result is not None and not result["ok"])
    return render(
        request,
        "agencies/serviceunit_import.html",
        {
            "form": form,
            "report": result,
            "job": job,
            "groups": selectors.welfare_target_groups(),
        },
        status=400 if failed else 200,
    )


@login_required
def serviceunit_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _tool_for(request, "servizi")
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="modello-unita-offerta.{fmt}"'
    return response


def welfare_map(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.service_units_public(), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "agencies/welfare_map.html", {"page": page})
