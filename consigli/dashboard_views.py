"""The dashboards at /cruscotto/: council members and Comune staff, approved data only.

The page body is cached (Django cache; Redis in production) under a key made of the filters,
the summary version (bumped by every refresh of cantieri.summary), the viewer's council scope
and the language, so a cached page is never older than the data it shows.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cantieri import summary
from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import role_required
from citta_del_noi.reporting.dashboard import blocks

from . import dashboard_selectors as ds
from . import selectors, services
from .dashboard_render import charts_for, choropleth_svg, tile_map
from .forms import DashboardFilterForm, FlagForm

dashboard_required = role_required(selectors.can_use_councils)
CACHE_SECONDS = 300
CHOICES_KEY = "consigli:dashboard:choices"


def _choices() -> dict[str, list]:
    choices = cache.get(CHOICES_KEY)
    if choices is None:
        choices = ds.filter_choices()
        cache.set(CHOICES_KEY, choices, CACHE_SECONDS)
    return choices


def _scope(user: Any) -> str:
    if roles.is_comune_staff(user):
        return "staff"
    return "c" + "-".join(str(pk) for pk in sorted(selectors.council_roles(user)))


def _setup(request: HttpRequest) -> tuple[DashboardFilterForm, Any, str, int]:
    version = summary.ensure_fresh(allow_rebuild=False)
    choices = _choices()
    form = DashboardFilterForm(request.GET, choices)
    form.is_valid()
    filters = ds.resolve_filters(
        {k: str(v) for k, v in getattr(form, "cleaned_data", {}).items() if v}, choices
    )
    query = urlencode(
        {k: str(v) for k, v in request.GET.items() if k in ("periodo", "cantiere", "zona")}
    )
    return form, filters, query, version


def _cache_key(name: str, filters: Any, version: int, user: Any) -> str:
    return (
        f"consigli:dash:{name}:v{version}:{filters.cache_key()}:{_scope(user)}:"
        f"{translation.get_language()}"
    )


def _form_html(request: HttpRequest, form: DashboardFilterForm, version: int) -> str:
    """The filter form's fields as HTML, cached like the choices they list (issue 14: rendering
    the selects' options was the largest cost of a warm page). The key holds the submitted
    values of the form's fields (hashed), the summary version and the language; the entry lives
    as long as the cached choices (CACHE_SECONDS)."""
    values = repr([(name, request.GET.getlist(name)) for name in form.fields])
    digest = hashlib.sha256(values.encode()).hexdigest()[:32]
    key = f"consigli:dash:form:v{version}:{digest}:{translation.get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("consigli/dashboard/_filter_fields.html", {"form": form})
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own rendered template


@dashboard_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form, filters, query, version = _setup(request)
    key = _cache_key("index", filters, version, request.user)
    body = cache.get(key)
    if body is None:
        data = ds.dashboard_data(filters)
        decisions = selectors.decision_status_counts(request.user)
        extra = []
        for block in blocks():
            result = block.run(filters)
            if result is None:
                continue
            extra.append(
                {
                    "key": block.key,
                    "title": block.title,
                    "result": result,
                    "is_table": isinstance(result, dict),
                }
            )
        body = render_to_string(
            "consigli/dashboard/_body.html",
            {
                "data": data,
                "charts": charts_for(data, decisions),
                "decisions": decisions,
                "extra_blocks": extra,
                "query": query,
                "punti_missing": [p for p in data.punti if not p["met"]],
            },
            request=None,
        )
        cache.set(key, body, CACHE_SECONDS)
    return render(
        request,
        "consigli/dashboard/index.html",
        {
            "form": form,
            "body": mark_safe(body),  # noqa: S308 - our own rendered template
            "query": query,
            "form_html": _form_html(request, form, version),
        },
    )


@dashboard_required
@require_GET
def territorio(request: HttpRequest) -> HttpResponse:
    form, filters, query, version = _setup(request)
    key = _cache_key("territorio", filters, version, request.user)
    body = cache.get(key)
    if body is None:
        data = ds.dashboard_data(filters)
        body = render_to_string(
            "consigli/dashboard/_territorio.html",
            {
                "data": data,
                "choropleth": choropleth_svg(data),
                "tiles": tile_map(data, query),
            },
        )
        cache.set(key, body, CACHE_SECONDS)
    return render(
        request,
        "consigli/dashboard/territorio.html",
        {
            "form": form,
            "body": mark_safe(body),  # noqa: S308 - our own rendered template
            "query": query,
        },
    )


@dashboard_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    form, filters, query, _version = _setup(request)
    data = ds.alerts(filters)
    councils = [
        c
        for c in selectors.councils_visible_to(request.user)
        if selectors.is_president(request.user, c.pk)
    ]
    return render(
        request,
        "consigli/dashboard/alerts.html",
        {
            "form": form,
            "alerts": data,
            "query": query,
            "councils": councils,
        },
    )


@dashboard_required
@require_POST
def flag_to_agenda(request: HttpRequest) -> HttpResponse:
    """The president (or staff) puts a dashboard flag on the council's next agenda."""
    if not selectors.is_any_president(request.user):
        raise PermissionDenied
    back = reverse("cruscotto:alerts") + ("?" + request.POST["q"] if request.POST.get("q") else "")
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Segnalazione non valida."))
        return redirect(back)
    council = selectors.council_for(request.user, form.cleaned_data["consiglio"])
    if not selectors.is_president(request.user, council.pk):
        raise PermissionDenied
    flag = ds.flag_lookup(form.cleaned_data["key"])
    if flag is None:
        messages.error(request, _("La segnalazione non è più attiva."))
        return redirect(back)
    try:
        item = services.flag_to_agenda(
            consiglio=council,
            key=form.cleaned_data["key"],
            title=flag["title"],
            description=flag.get("description", ""),
            azione=flag.get("azione"),
            indicator=flag.get("indicator"),
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _("Segnalazione aggiunta all'ordine del giorno della riunione «%(m)s».")
        % {"m": item.meeting.title},
    )
    return redirect(back)
