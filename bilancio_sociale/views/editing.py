"""The staff's editing of a section: texts, monitoring, previews."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g

from citta_del_noi.forms_utils import apply_service_errors

from .. import monitoring, narrative, page_cache, selectors, services
from ..forms import (
    MonitoringForm,
    SectionTextForm,
)
from ..models import EditionImmutableError
from ..registry import get_section
from ._common import _error_text, staff_only


def _monitoring_form(current: monitoring.Monitoring, data: Any = None) -> MonitoringForm:

    try:
        on = date.fromisoformat(current.on) if current.on else None
    except ValueError:
        on = None
    return MonitoringForm(
        data,
        initial={
            "body": current.body,
            "members": current.members,
            "on": on,
            "attestation": current.attestation,
            "remarks": current.remarks,
            "not_required": current.not_required,
            "not_required_reason": current.not_required_reason,
        },
    )


def _monitoring_edit(request: HttpRequest, edition: Any, section: Any) -> HttpResponse:
    """Section 8: the control body's monitoring (a form of its own, not a free text)."""
    form = _monitoring_form(monitoring.from_texts(services.texts_of(edition)), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_save(edition=edition, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if isinstance(exc, EditionImmutableError) or not hasattr(exc, "error_dict"):
                messages.error(request, _error_text(exc))
                return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Monitoraggio dell'organo di controllo salvato."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/monitoring_edit.html",
        {
            "edition": edition,
            "section": section,
            "monitoring_form": form,
            "monitoring_key": monitoring.SECTION,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_only
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    section = get_section(key)
    if section is None:
        raise Http404
    if key == monitoring.SECTION:
        return _monitoring_edit(request, edition, section)
    texts = services.texts_of(edition)
    # "obiettivi-attivita": also "Obiettivi e contesto" and "Cosa ha funzionato" per azione.
    azioni = narrative.current_azioni() if key == narrative.AZIONI_SECTION else []
    initial = {"body": texts.get(key, "")}
    for slug, _title in azioni:
        for part, _label in narrative.PARTS:
            sub = narrative.sub_key(slug, part)
            initial[f"{slug}__{part}"] = texts.get(narrative.text_key(key, sub), "")
    form = SectionTextForm(
        request.POST or None, initial=initial, azioni=azioni, parts=narrative.PARTS
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_texts_save(
                edition=edition,
                section_key=key,
                body=form.cleaned_data["body"],
                parts=form.parts_data(),
                by=request.user,
            )
        except ValidationError as exc:
            if isinstance(exc, EditionImmutableError) or not hasattr(exc, "error_dict"):
                # published or approved: the text cannot change any more
                messages.error(request, _error_text(exc))
                return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Testo salvato."))
            return redirect("bilancio_sociale:section_preview", pk=edition.pk, key=key)
    return render(
        request,
        "bilancio_sociale/section_edit.html",
        {
            "edition": edition,
            "section": section,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_only
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    return _preview(request, edition, None)


@staff_only
def section_preview(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    if get_section(key) is None:
        raise Http404
    return _preview(request, edition, key)


def _preview(request: HttpRequest, edition: Any, key: str | None) -> HttpResponse:
    """The preview of the current snapshot, rendered once per snapshot, texts and earlier
    editions (page_cache.py); live data (no snapshot yet) are computed and rendered each time."""

    def draw() -> dict[str, Any]:
        document, live = selectors.document_for_draft(edition, only_section=key)
        html = render_to_string(
            "bilancio_sociale/_document.html", {"document": document, "draft": True}
        )
        first = document.sections[0].title if document.sections else ""
        return {"html": html, "live": live, "first_title": str(first)}

    snapshot = selectors.current_snapshot_mark(edition)
    if snapshot is None:
        drawn = draw()
    else:
        texts = sorted(services.texts_of(edition).items(), key=repr)
        drawn = page_cache.cached(
            page_cache.key_for(edition, "preview", key, snapshot, texts), draw
        )
    return render(
        request,
        "bilancio_sociale/preview.html",
        {
            "edition": edition,
            "document_html": mark_safe(drawn["html"]),  # noqa: S308 - our own template
            "first_title": drawn["first_title"],
            "live": drawn["live"],
            "single": key is not None,
        },
    )
