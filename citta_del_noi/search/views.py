"""The portal search page: /cerca/?q=… (every kind) and /cerca/?q=…&tipo=attivita (one kind)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import engine, suggest
from .registry import provider, providers

PER_KIND = 5
PAGE_SIZE = 20
FEW = 3  # fewer results than this: "forse cercavi"


def search(request: HttpRequest) -> HttpResponse:
    q = engine.clean_query(request.GET.get("q", ""))
    chosen = provider(request.GET.get("tipo", ""))
    ctx: dict = {"q": q, "kinds": providers(), "chosen": chosen, "groups": [], "page": None}
    ctx["suggestions"] = []
    if q and chosen is not None:
        try:
            number = max(1, int(request.GET.get("pagina", "1")))
        except ValueError:
            number = 1
        group = engine.search_group(
            chosen, request.user, q, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        if number > 1 and not group.hits:
            number = 1
            group = engine.search_group(chosen, request.user, q, limit=PAGE_SIZE)
        ctx["groups"] = [group]
        pages = Paginator(range(group.count), PAGE_SIZE)
        ctx["page"] = pages.get_page(number)
    elif q:
        ctx["groups"] = engine.search_all(request.user, q, per_kind=PER_KIND)
    if q and sum(g.count for g in ctx["groups"]) < FEW:
        ctx["suggestions"] = suggest.suggestions(q)
    return render(request, "search/results.html", ctx)
