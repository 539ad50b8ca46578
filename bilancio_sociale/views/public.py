"""The published Bilancio: editions, the short version, the PDF, comparison."""

from __future__ import annotations

from typing import Any

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g

from citta_del_noi.common.storage import download_url

from .. import page_cache, selectors

# --- public ---------------------------------------------------------------------------------


def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.editions_published())
    rows = [(e, selectors.latest_version(e)) for e in editions]
    return render(
        request,
        "bilancio_sociale/edition_list.html",
        {
            "rows": rows,
            "consultations": list(selectors.editions_in_consultation()),
        },
    )


def _published(slug: str) -> tuple[Any, Any]:
    edition = selectors.edition_public(slug)
    version = selectors.latest_version(edition)
    if version is None:
        raise Http404
    return edition, version


def _detail_document(edition: Any, version: Any) -> dict[str, Any]:
    """The rendered document of a published version and the few facts the page shows around
    it (page_cache.py: cached on the version and the earlier editions beside it)."""
    document = selectors.document_for_version(version)
    return {
        "period_label": document.period_label,
        "previous_labels": list(document.previous_labels),
        "html": render_to_string(
            "bilancio_sociale/_document.html",
            {"document": document, "opendata_slug": edition.slug},
        ),
    }


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    document = page_cache.cached(
        page_cache.key_for(edition, "detail", version.pk),
        lambda: _detail_document(edition, version),
    )
    return render(
        request,
        "bilancio_sociale/edition_detail.html",
        {
            "edition": edition,
            "version": version,
            "document": document,
            "document_html": mark_safe(document["html"]),  # noqa: S308 - our own template
            "versions": list(edition.versions.all()),
            "approval": selectors.approval_public(edition),
            "previous_total": selectors.previous_published_count(
                edition, len(document["previous_labels"])
            ),
        },
    )


def _in_breve_parts(edition: Any, version: Any) -> dict[str, Any]:
    document = selectors.document_for_version(version, with_charts=False)
    return {
        "period_label": document.period_label,
        "html": render_to_string(
            "bilancio_sociale/_in_breve_figures.html",
            {"edition": edition, "figures": document.in_breve()},
        ),
    }


def in_breve(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    document = page_cache.cached(
        page_cache.key_for(edition, "in-breve", version.pk),
        lambda: _in_breve_parts(edition, version),
    )
    return render(
        request,
        "bilancio_sociale/in_breve.html",
        {
            "edition": edition,
            "version": version,
            "document": document,
            "figures_html": mark_safe(document["html"]),  # noqa: S308 - our own template
        },
    )


def version_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    edition = selectors.edition_public(slug)
    version = selectors.version_public(edition, number)
    if not version.pdf:
        raise Http404(_g("Il PDF di questa versione non è ancora pronto."))
    filename = f"bilancio-sociale-{edition.slug}-v{version.number}.pdf"
    signed = download_url(version.pdf.name, filename=filename)
    if signed:  # object storage: a signed URL that expires
        return HttpResponseRedirect(signed)
    response = FileResponse(
        version.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )
    response["X-Content-SHA256"] = version.pdf_sha256
    return response


def compare(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.editions_published())
    chosen = [e for e in editions if e.slug in request.GET.getlist("e")] or editions[:3]
    chosen.sort(key=lambda e: e.period_start)
    published = []
    for edition in chosen:
        version = selectors.latest_version(edition)
        if version is not None:
            published.append((edition, version))

    def table() -> list[dict[str, Any]]:
        return _compare_table(
            [(e, selectors.document_for_version(v, with_charts=False)) for e, v in published]
        )

    # The table of published versions only: cached on those versions (page_cache.py).
    key = "compare:" + ",".join(f"{e.pk}-{v.pk}" for e, v in published)
    return render(
        request,
        "bilancio_sociale/compare.html",
        {
            "editions": editions,
            "chosen": [e for e, _v in published],
            "table": page_cache.cached(page_cache.compare_key(key), table),
        },
    )


def _compare_table(documents: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Rows: (section, block, label) → one value per edition, matched by keys."""
    order: list[tuple[str, str, str]] = []
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    values: dict[tuple[str, str, str], dict[int, str]] = {}
    labels: dict[tuple[str, str, str], str] = {}
    for index, (_edition, document) in enumerate(documents):
        for section in document.sections:
            for block in section.blocks:
                titles[(section.key, block.key)] = (section.title, block.title)
                items: list[tuple[str, str, str]] = [
                    (f.key, f.label, f.display) for f in block.figures
                ]
                if block.totals:
                    for header, cell in zip(block.headers, block.totals, strict=False):
                        if cell.numeric:
                            items.append(
                                (
                                    f"totale.{header['key']}",
                                    f"{_g('Totale')} – {header['label']}",
                                    cell.display,
                                )
                            )
                for key, label, display in items:
                    ref = (section.key, block.key, key)
                    if ref not in values:
                        values[ref] = {}
                        order.append(ref)
                        labels[ref] = label
                    values[ref][index] = display
    groups: list[dict[str, Any]] = []
    current: tuple[str, str] | None = None
    for ref in order:
        sb = (ref[0], ref[1])
        if sb != current:
            groups.append({"section": titles[sb][0], "block": titles[sb][1], "rows": []})
            current = sb
        groups[-1]["rows"].append(
            {
                "label": labels[ref],
                "values": [values[ref].get(i, "—") for i in range(len(documents))],
            }
        )
    return groups
