"""The public service finder ("Trova un servizio"): a filtered list (the primary view), the
tile map of quartieri and, with JavaScript, the points on a Leaflet map."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from citta_del_noi.charts import Tile, TileMap

from .. import finder_cache, selectors
from ..forms import FinderForm
from ..selectors import FinderFilters
from ..selectors.finder import rome_now

FINDER_PAGE_SIZE = 20
MAP_POINTS_MAX = 1000


def _filters(form: FinderForm) -> FinderFilters:
    """The valid filters of the form (an invalid one is shown with its error and ignored)."""
    form.is_valid()
    data: dict[str, Any] = getattr(form, "cleaned_data", {})
    return FinderFilters(
        group=data.get("gruppo"),
        zona=data.get("zona"),
        quartiere=data.get("quartiere"),
        near=data.get("vicino"),
        kind=data.get("tipo") or "",
        open_now=bool(data.get("aperto")),
        day=data.get("giorno"),
    )


def _query(request: HttpRequest, *drop: str) -> str:
    params = request.GET.copy()
    for key in ("pagina", *drop):
        params.pop(key, None)
    return params.urlencode()


def _tiles(request: HttpRequest, filters: FinderFilters, now: datetime) -> TileMap:
    """Units per quartiere for the same filters but the place; each tile opens that quartiere."""
    everywhere = FinderFilters(**{**filters.__dict__, "zona": None, "quartiere": None})
    counts = selectors.finder_counts_by_quartiere(selectors.finder_units(everywhere, now=now))
    base = _query(request, "quartiere", "zona")
    url = reverse("finder:index")
    return TileMap(
        title=_("Servizi per quartiere"),
        description=_(
            "I quartieri raggruppati per zona; il numero è quello dei servizi trovati. "
            "Ogni quartiere apre l'elenco dei suoi servizi."
        ),
        unit=_("servizi"),
        value_label=_("Servizi"),
        tiles=[
            Tile(
                label=q["name"],
                group=q["zona_name"],
                value=counts.get(q["pk"], 0),
                href=f"{url}?{base}&quartiere={q['slug']}"
                if base
                else f"{url}?quartiere={q['slug']}",
            )
            for q in selectors.finder_quartieri()
        ],
    )


def tile_origin(url: str) -> str | None:
    """The CSP source of the tile server ("{s}." subdomains become a wildcard)."""
    parts = urlsplit(url.replace("{s}.", "*."))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _body(request: HttpRequest, now: datetime) -> dict[str, Any]:
    """The page under the menu (filters, results, Punti Comunità, tiles, map), rendered: the
    same for every visitor of the same address at the same `now` (finder_cache: the cache key
    is computed from the same `now`)."""
    form = FinderForm(request.GET or None)
    filters = _filters(form) if form.is_bound else FinderFilters()
    units = selectors.finder_units(filters, now=now)
    page = Paginator(units, FINDER_PAGE_SIZE).get_page(request.GET.get("pagina"))
    punti = selectors.finder_punti(filters, now=now)
    points = selectors.map_points(selectors.map_unit_points(units, MAP_POINTS_MAX), punti)
    html = render_to_string(
        "agencies/_finder_body.html",
        {
            "form": form,
            "page": page,
            "punti": punti,
            "filters": filters,
            "tiles": _tiles(request, filters, now),
            "map_points": points,
            "map_config": {
                "tiles": settings.FINDER_TILE_URL,
                "attribution": settings.FINDER_TILE_ATTRIBUTION,
                "unit_url": reverse("finder:unit", args=[0]).replace("/0/", "/{id}/"),
            },
            "query": _query(request),
        },
    )
    return {"html": html, "has_map": bool(points)}


def finder(request: HttpRequest) -> HttpResponse:
    now = rome_now()
    key = finder_cache.page_key(request, now)
    body = finder_cache.get(key)
    if body is None:
        body = _body(request, now)
        finder_cache.put(key, body)
    # The body was rendered by the template engine (escaped there): safe as it comes back.
    html = SafeString(body["html"])
    response = render(request, "agencies/finder.html", {"body": {**body, "html": html}})
    origin = tile_origin(settings.FINDER_TILE_URL)
    if origin:
        # What django-csp's csp_update decorator sets, from a setting read per request.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


def finder_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.finder_unit(pk)
    if unit is None:
        raise Http404
    quartiere = unit.quartiere
    return render(
        request,
        "agencies/finder_unit.html",
        {
            "unit": unit,
            "punto": selectors.nearest_punto(quartiere),
            "sst": quartiere.sst if quartiere else None,
            "slots": list(unit.opening_slots.all()),
        },
    )
