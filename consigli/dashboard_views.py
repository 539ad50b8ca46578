"""The dashboards at /cruscotto/: council members and Comune staff, approved data only.

The page body is cached (Django cache; Redis in production) under a key made of the filters,
the summary version (bumped by every refresh of cantieri.summary), the viewer's council scope
and the language, so a cached page is never older than the data it shows. Around it, the whole
page (the portal's header and footer included) is kept per viewer (core/viewer_pages.py): a warm
request is one round trip to the cache and no rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cantieri import summary
from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import role_required
from citta_del_noi.common import cache_prefetch, cache_versions
from citta_del_noi.core import navigation, viewer_pages
from citta_del_noi.notifications import unread_cache
from citta_del_noi.reporting.dashboard import blocks

from . import dashboard_cache, selectors, services
from . import dashboard_selectors as ds
from .dashboard_render import charts_for, choropleth_svg, tile_map
from .forms import DashboardFilterForm, FlagForm

dashboard_required = role_required(selectors.can_use_councils)
CACHE_SECONDS = dashboard_cache.CACHE_SECONDS
CHOICES_KEY = "consigli:dashboard:choices"
FILTER_PARAMS = ("periodo", "cantiere", "zona")


def _scope(user: Any) -> str:
    if roles.is_comune_staff(user):
        return "staff"
    return "c" + "-".join(str(pk) for pk in sorted(selectors.council_roles(user)))


class _Page:
    """The cached parts of a dashboard page, read in one round trip to the cache.

    Keys: the submitted filter values (hashed; the form's fields are FILTER_PARAMS), the
    language and, for the body, the viewer's council scope. Values: (data version, summary
    version, payload): the data version of dashboard_cache and the summary version (approved
    activity, cantieri.summary) at the time of rendering; an entry of another version is a
    miss, so any write the page shows is seen on the next request. The summary's freshness
    flag and version come in the same round trip (a warm page makes one request to the cache
    besides the session's and the roles')."""

    def __init__(self, request: HttpRequest, name: str, whole_page: bool = True) -> None:
        self.request = request
        values = repr([(k, request.GET.getlist(k)) for k in FILTER_PARAMS])
        digest = hashlib.sha256(values.encode()).hexdigest()[:32]
        tag = f"{digest}:{translation.get_language()}"
        self.keys = {
            "choices": CHOICES_KEY,
            "reference": f"consigli:dash:reference:{translation.get_language()}",
            "form": f"consigli:dash:form:{tag}",
            # the date: overdue decisions, Punti Comunità open today
            "body": f"consigli:dash:{name}:{tag}:{_scope(request.user)}:{timezone.localdate()}",
        }
        version_key = dashboard_cache.version_key()
        # A warm page needs only its form and body; the choices and reference rows (larger)
        # are read on a miss, all of them in one more round trip (_fetch_rows).
        # The header's entries (navigation, unread count) come in the same round trip, and so
        # does the whole page as this viewer last saw it (core/viewer_pages.py): a warm request
        # is that one round trip, the form and body (large) are then read only on a miss.
        page_key = viewer_pages.page_key(request, name) if whole_page else None
        ahead = navigation.prefetch_keys(request) + unread_cache.prefetch_keys(request.user)
        ahead += [page_key] if page_key else []
        parts = [] if page_key else [self.keys["form"], self.keys["body"]]
        got = cache.get_many([*parts, version_key, *summary.freshness_keys(), *ahead])
        cache_prefetch.remember(request, got, ahead)
        checked = summary.checked_version(got)
        self.version = checked if checked is not None else summary.ensure_fresh(allow_rebuild=False)
        self.data_version = got.get(version_key)
        if self.data_version is None:
            self.data_version = cache_versions.current(dashboard_cache.DATA_VERSION)
        self.hits: dict[str, Any] = {}
        self._parts_fetched = bool(parts)
        self._take(got, ("form", "body"))
        self._rows_fetched = False
        self.viewer = viewer_pages.ViewerPage(
            request, page_key, (self.data_version, self.version, self.keys["body"])
        )
        self.query = urlencode({k: str(v) for k, v in request.GET.items() if k in FILTER_PARAMS})
        self._form: DashboardFilterForm | None = None
        self._filters: Any = None

    def _take(self, got: dict[str, Any], parts: tuple[str, ...]) -> None:
        for part in parts:
            entry = got.get(self.keys[part])
            if (
                isinstance(entry, tuple)
                and len(entry) == 3
                and entry[0] == self.data_version
                and entry[1] == self._summary_version(part)
            ):
                self.hits[part] = entry[2]

    def _summary_version(self, part: str) -> int | None:
        """The choices and reference rows do not derive from the activity records."""
        return None if part in ("choices", "reference") else self.version

    def _fetch_parts(self) -> None:
        if not self._parts_fetched:
            self._parts_fetched = True
            parts = ("form", "body")
            self._take(cache.get_many([self.keys[p] for p in parts]), parts)

    def _fetch_rows(self) -> None:
        if not self._rows_fetched:
            self._rows_fetched = True
            parts = ("choices", "reference")
            self._take(cache.get_many([self.keys[p] for p in parts]), parts)

    def store(self, part: str, payload: Any) -> None:
        entry = (self.data_version, self._summary_version(part), payload)
        cache.set(self.keys[part], entry, CACHE_SECONDS)
        self.hits[part] = payload

    def choices(self) -> dict[str, list]:
        self._fetch_rows()
        if "choices" not in self.hits:
            # the options are a subset of the reference rows: no query of their own
            self.store("choices", ds.filter_choices(self.reference()))
        return self.hits["choices"]

    def reference(self) -> dict[str, Any]:
        self._fetch_rows()
        if "reference" not in self.hits:
            self.store("reference", ds.reference())
        return self.hits["reference"]

    def form(self) -> DashboardFilterForm:
        if self._form is None:
            self._form = DashboardFilterForm(self.request.GET, self.choices())
            self._form.is_valid()
        return self._form

    def filters(self) -> Any:
        if self._filters is None:
            cleaned = getattr(self.form(), "cleaned_data", {})
            self._filters = ds.resolve_filters(
                {k: str(v) for k, v in cleaned.items() if v}, self.choices()
            )
        return self._filters

    def form_html(self) -> str:
        """The filter form's fields as HTML (issue 14: rendering the selects' options was the
        largest template cost of a warm page)."""
        self._fetch_parts()
        if "form" not in self.hits:
            html = render_to_string("consigli/dashboard/_filter_fields.html", {"form": self.form()})
            self.store("form", html)
        return mark_safe(self.hits["form"])  # noqa: S308 - our own rendered template

    def body(self, render_body: Callable[[_Page], str]) -> str:
        self._fetch_parts()
        if "body" not in self.hits:
            self.store("body", render_body(self))
        return mark_safe(self.hits["body"])  # noqa: S308 - our own rendered template


def _index_body(page: _Page) -> str:
    filters = page.filters()
    data = ds.dashboard_data(filters, page.reference())
    decisions = selectors.decision_status_counts(page.request.user)
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
    return render_to_string(
        "consigli/dashboard/_body.html",
        {
            "data": data,
            "charts": charts_for(data, decisions),
            "decisions": decisions,
            "extra_blocks": extra,
            "query": page.query,
            "punti_missing": [p for p in data.punti if not p["met"]],
        },
        request=None,
    )


def _territorio_body(page: _Page) -> str:
    data = ds.dashboard_data(page.filters(), page.reference())
    return render_to_string(
        "consigli/dashboard/_territorio.html",
        {
            "data": data,
            "choropleth": choropleth_svg(data),
            "tiles": tile_map(data, page.query),
        },
    )


def _whole_page(
    request: HttpRequest, name: str, template_name: str, render_body: Callable[[_Page], str]
) -> HttpResponse:
    """A dashboard tab: the viewer's stored page, else the page rendered around the cached body."""
    page = _Page(request, name)
    cached = page.viewer.cached()
    if cached is not None:
        return cached
    body = page.body(render_body)
    return page.viewer.render(
        template_name, {"body": body, "query": page.query, "form_html": page.form_html()}
    )


@dashboard_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _whole_page(request, "index", "consigli/dashboard/index.html", _index_body)


@dashboard_required
@require_GET
def territorio(request: HttpRequest) -> HttpResponse:
    return _whole_page(
        request, "territorio", "consigli/dashboard/territorio.html", _territorio_body
    )


def _setup(request: HttpRequest) -> tuple[DashboardFilterForm, Any, str]:
    page = _Page(request, "alerts", whole_page=False)
    return page.form(), page.filters(), page.query


@dashboard_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    form, filters, query = _setup(request)
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
