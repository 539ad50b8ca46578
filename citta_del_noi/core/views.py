"""Public pages, the role home and the health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import login_required

from . import health
from .home import home_panels, page_context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The apps add their sections' context (cantieri/portal.py, agencies/portal.py).
    return render(request, "core/home.html", page_context("home"))


@require_GET
def programma(request: HttpRequest) -> HttpResponse:
    return render(request, "core/programma.html", page_context("programma"))


@require_GET
def territorio(request: HttpRequest) -> HttpResponse:
    return render(request, "core/territorio.html", page_context("territorio"))


@require_GET
def static_page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template)


@login_required
@require_GET
def area_riservata(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "core/area_riservata.html",
        {"roles": roles.roles_of(user), "panels": home_panels(request)},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_all()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
