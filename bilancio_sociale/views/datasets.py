"""The open data of a published edition: blocks as CSV/JSON, their schema, DCAT."""

from __future__ import annotations

import json
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import render

from citta_del_noi.notifications.links import portal_url

from .. import disclosure, opendata, selectors
from .public import _published


def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    snapshot = selectors.snapshot_data(version.snapshot_id)
    blocks = [
        (section, block)
        for section, block in opendata.protected_blocks(snapshot, version.texts)
        if opendata.has_data(block)
    ]
    normal, sensitive = disclosure.thresholds(snapshot)
    return render(
        request,
        "bilancio_sociale/open_data.html",
        {
            "edition": edition,
            "version": version,
            "blocks": blocks,
            "threshold": normal,
            "threshold_sensitive": sensitive,
        },
    )


def _block_or_404(slug: str, section: str, block: str) -> tuple[Any, Any, Any, Any]:
    edition, version = _published(slug)
    found = opendata.find_block(
        selectors.snapshot_data(version.snapshot_id), section, block, version.texts
    )
    if found is None:
        raise Http404
    return edition, version, found[0], found[1]


def block_csv(request: HttpRequest, slug: str, section: str, block: str) -> HttpResponse:
    edition, version, sec, blk = _block_or_404(slug, section, block)
    response = HttpResponse(opendata.block_csv(blk), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-{section}-{block}.csv"'
    return response


def block_json(request: HttpRequest, slug: str, section: str, block: str) -> HttpResponse:
    edition, version, sec, blk = _block_or_404(slug, section, block)
    data = opendata.block_json(
        edition,
        version,
        sec,
        blk,
        snapshot_thresholds=disclosure.thresholds(selectors.snapshot_data(version.snapshot_id)),
        base_url=request.build_absolute_uri("/"),
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def block_schema(request: HttpRequest, slug: str, section: str, block: str) -> HttpResponse:
    """The Frictionless Table Schema of a block's CSV and JSON (linked from DCAT-AP_IT)."""
    edition, version, sec, blk = _block_or_404(slug, section, block)
    schema = opendata.block_schema(
        sec, blk, disclosure.thresholds(selectors.snapshot_data(version.snapshot_id))
    )
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 1})


def dcat(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    catalog = opendata.dcat_catalog(
        edition,
        version,
        selectors.snapshot_data(version.snapshot_id),
        portal_url("/"),
    )
    return HttpResponse(
        json.dumps(catalog, ensure_ascii=False, indent=1), content_type="application/ld+json"
    )
