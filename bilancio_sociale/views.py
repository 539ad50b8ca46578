"""Views of the Bilancio Sociale: thin (parse, check, call a service or selector, render)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_POST

from citta_del_noi.accounts.permissions import role_required
from citta_del_noi.common.storage import download_url
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.jobs.recovery import stuck_job_message
from citta_del_noi.jobs.selectors import jobs_for_target
from citta_del_noi.notifications.links import portal_url

from . import disclosure, monitoring, narrative, opendata, selectors, services
from .forms import (
    AnswerForm,
    ApprovalForm,
    ContributionForm,
    CorrectionForm,
    EditionForm,
    EditionUpdateForm,
    ModerationForm,
    MonitoringForm,
    RefreshForm,
    ReopenForm,
    SectionTextForm,
)
from .models import AuthorKind, EditionImmutableError, EditionStatus
from .registry import get_section, sections

staff_only = role_required(selectors.can_manage)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


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


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    document = selectors.document_for_version(version)
    return render(
        request,
        "bilancio_sociale/edition_detail.html",
        {
            "edition": edition,
            "version": version,
            "document": document,
            "versions": list(edition.versions.all()),
            "approval": selectors.approval_public(edition),
            "previous_total": selectors.previous_published_count(
                edition, len(document.previous_labels)
            ),
        },
    )


def in_breve(request: HttpRequest, slug: str) -> HttpResponse:
    edition, version = _published(slug)
    document = selectors.document_for_version(version, with_charts=False)
    return render(
        request,
        "bilancio_sociale/in_breve.html",
        {
            "edition": edition,
            "version": version,
            "document": document,
            "figures": document.in_breve(),
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


def compare(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.editions_published())
    chosen = [e for e in editions if e.slug in request.GET.getlist("e")] or editions[:3]
    chosen.sort(key=lambda e: e.period_start)
    documents = []
    for edition in chosen:
        version = selectors.latest_version(edition)
        if version is not None:
            documents.append((edition, selectors.document_for_version(version, with_charts=False)))
    table = _compare_table(documents)
    return render(
        request,
        "bilancio_sociale/compare.html",
        {
            "editions": editions,
            "chosen": [e for e, _d in documents],
            "table": table,
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


# --- consultation ---------------------------------------------------------------------------


def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    edition = selectors.edition_in_consultation(slug)
    document, _live = selectors.document_for_draft(edition)
    kind = selectors.contributor_kind(request.user)
    form = ContributionForm(
        sections=selectors.section_choices(), citizen=kind == AuthorKind.CITIZEN
    )
    return render(
        request,
        "bilancio_sociale/consultation.html",
        {
            "edition": edition,
            "document": document,
            "form": form,
            "author_kind": kind,
            "closed": selectors.consultation_closed(edition),
            "published": list(selectors.published_contributions(edition)),
            "titles": selectors.section_titles(),
        },
    )


def contribute(request: HttpRequest, slug: str) -> HttpResponse:
    edition = selectors.edition_in_consultation(slug)
    kind = selectors.contributor_kind(request.user)
    citizen = kind == AuthorKind.CITIZEN
    initial = {"section_key": request.GET.get("sezione", "")}
    form = ContributionForm(
        request.POST or None, sections=selectors.section_choices(), citizen=citizen, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_submit(
                edition=edition,
                section_key=form.cleaned_data["section_key"],
                text=form.cleaned_data["text"],
                user=request.user,
                email=form.cleaned_data.get("email") or "",
                display_name=form.cleaned_data.get("display_name") or "",
                consent=form.cleaned_data["consent"],
                confirm_url_builder=lambda token: portal_url(
                    reverse("bilancio_sociale:contribution_confirm", kwargs={"token": token})
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if citizen:
                messages.info(
                    request,
                    _g(
                        "Grazie! Ti abbiamo inviato un'email: apri il collegamento per "
                        "confermare il "
                        "contributo. Sarà pubblicato dopo la moderazione."
                    ),
                )
            else:
                messages.success(
                    request,
                    _g(
                        "Grazie! Il contributo è stato registrato e sarà pubblicato dopo la "
                        "moderazione."
                    ),
                )
            return redirect("bilancio_sociale:consultation", slug=edition.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "bilancio_sociale/contribute.html",
        {
            "edition": edition,
            "form": form,
            "author_kind": kind,
            "citizen": citizen,
            "closed": selectors.consultation_closed(edition),
        },
        status=status,
    )


def contribution_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the "your contribution was answered" email: where the answer is public now
    (the consultation page while it lasts, then the published edition)."""
    contribution = selectors.contribution_public(pk)
    edition = contribution.edition
    if edition.status == EditionStatus.CONSULTATION:
        return redirect(
            reverse("bilancio_sociale:consultation", args=[edition.slug])
            + f"#contributo-{contribution.pk}"
        )
    if edition.status == EditionStatus.PUBLISHED:
        return redirect("bilancio_sociale:edition_detail", slug=edition.slug)
    raise Http404(
        _g("La risposta sarà di nuovo visibile quando il Bilancio Sociale sarà pubblicato.")
    )


def contribution_confirm(request: HttpRequest, token: str) -> HttpResponse:
    contribution = services.contribution_confirm(token=token)
    if contribution is None:
        raise Http404(_g("Collegamento di conferma non valido."))
    return render(
        request,
        "bilancio_sociale/contribution_confirmed.html",
        {
            "contribution": contribution,
        },
    )


# --- staff ----------------------------------------------------------------------------------


@staff_only
def staff_list(request: HttpRequest) -> HttpResponse:
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Edizione creata in bozza."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/staff_list.html",
        {
            "editions": list(selectors.editions_for_staff(request.user)),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_only
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:

    edition = selectors.edition_for_staff(request.user, pk)
    versions = list(edition.versions.order_by("-number"))
    jobs = {
        v.pk: jobs_for_target(user=request.user, target=v, kind=services.BUILD_KIND).first()
        for v in versions
    }
    texts = services.texts_of(edition)
    current = monitoring.from_texts(texts)
    return render(
        request,
        "bilancio_sociale/staff_detail.html",
        {
            "edition": edition,
            "sections": [
                (s, bool(texts.get(s.key)) or (s.key == monitoring.SECTION and current.complete))
                for s in sections()
            ],
            "monitoring": current,
            "monitoring_form": _monitoring_form(current),
            "monitoring_key": monitoring.SECTION,
            "snapshot": selectors.current_snapshot(edition),
            "audit": selectors.disclosure_audit(edition),
            "logs": list(selectors.snapshot_logs(edition)[:20]),
            "versions": [(v, jobs.get(v.pk)) for v in versions],
            "refresh_form": RefreshForm(),
            "reopen_form": ReopenForm(),
            "update_form": EditionUpdateForm(
                initial={
                    "title": edition.title,
                    "consultation_closes_on": edition.consultation_closes_on,
                }
            ),
            "Status": EditionStatus,
        },
    )


def _post_action(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    try:
        action(edition)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return redirect("bilancio_sociale:staff_detail", pk=edition.pk)


@staff_only
@require_POST
def staff_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = EditionUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _g("Controlla il titolo e la data di chiusura."))
        return redirect("bilancio_sociale:staff_detail", pk=pk)
    return _post_action(
        request,
        pk,
        lambda e: services.edition_update(edition=e, by=request.user, **form.cleaned_data),
        _g("Edizione aggiornata."),
    )


@staff_only
@require_POST
def open_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda e: services.edition_open_consultation(edition=e, by=request.user),
        _g("Consultazione aperta: i dati del periodo sono stati congelati."),
    )


@staff_only
@require_POST
def snapshot_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        pk,
        lambda e: services.snapshot_refresh(edition=e, by=request.user, reason=reason),
        _g("Dati aggiornati; l'operazione è registrata."),
    )


@staff_only
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    form = ApprovalForm(
        request.POST or None, decisions=selectors.approval_decision_choices(request.user, edition)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_approve(
                edition=edition,
                decision=form.cleaned_data["decision"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Approvazione registrata."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/approve.html",
        {"edition": edition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def reopen_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        pk,
        lambda e: services.edition_reopen_consultation(edition=e, by=request.user, reason=reason),
        _g("Edizione riportata in consultazione: servirà una nuova approvazione."),
    )


@staff_only
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda e: services.edition_publish(edition=e, by=request.user),
        _g("Edizione pubblicata. Ora genera il PDF."),
    )


@staff_only
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    form = CorrectionForm(request.POST or None, sections=selectors.correction_targets(edition))
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["section_key"]
        try:
            services.edition_publish_correction(
                edition=edition,
                erratum=form.cleaned_data["erratum"],
                by=request.user,
                texts={key: form.cleaned_data["body"]} if key else None,
                refresh_data=form.cleaned_data["refresh_data"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _g("Nuova versione pubblicata. Genera il suo PDF."))
            return redirect("bilancio_sociale:staff_detail", pk=edition.pk)
    return render(
        request,
        "bilancio_sociale/correction.html",
        {"edition": edition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def build_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    version = edition.versions.filter(number=number).first()
    if version is None:
        raise Http404
    try:
        job, already = services.pdf_build_request(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if already and job.is_stuck:
            messages.warning(request, stuck_job_message(request.user))
        elif already:
            messages.warning(
                request, _g("La generazione del PDF è già in corso: segui la barra di avanzamento.")
            )
        else:
            messages.success(
                request, _g("Generazione del PDF avviata: riceverai un'email quando sarà pronto.")
            )
    return redirect("bilancio_sociale:staff_detail", pk=edition.pk)


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
    document, live = selectors.document_for_draft(edition)
    return render(
        request,
        "bilancio_sociale/preview.html",
        {
            "edition": edition,
            "document": document,
            "live": live,
            "single": False,
        },
    )


@staff_only
def section_preview(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    if get_section(key) is None:
        raise Http404
    document, live = selectors.document_for_draft(edition, only_section=key)
    return render(
        request,
        "bilancio_sociale/preview.html",
        {
            "edition": edition,
            "document": document,
            "live": live,
            "single": True,
        },
    )


@staff_only
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    edition = selectors.edition_for_staff(request.user, pk)
    return render(
        request,
        "bilancio_sociale/moderation.html",
        {
            "edition": edition,
            "contributions": list(selectors.contributions_for_staff(edition)),
            "titles": selectors.section_titles(),
        },
    )


@staff_only
def contribution_review(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_for_staff(request.user, pk)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    mod_form = ModerationForm(data if which == "moderation" else None)
    answer_form = AnswerForm(
        data if which == "answer" else None,
        initial={"outcome": contribution.outcome, "answer": contribution.answer},
    )
    if which == "moderation" and mod_form.is_valid():
        try:
            services.contribution_moderate(
                contribution=contribution,
                publish=mod_form.cleaned_data["decision"] == "publish",
                by=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(mod_form, exc)
        else:
            messages.success(request, _g("Moderazione registrata."))
            return redirect("bilancio_sociale:contribution_review", pk=contribution.pk)
    elif which == "answer" and answer_form.is_valid():
        try:
            services.contribution_answer(
                contribution=contribution, by=request.user, **answer_form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(answer_form, exc)
        else:
            messages.success(request, _g("Risposta registrata."))
            return redirect("bilancio_sociale:moderation", pk=contribution.edition_id)
    elif which not in (None, "moderation", "answer"):
        raise PermissionDenied
    return render(
        request,
        "bilancio_sociale/contribution_review.html",
        {
            "contribution": contribution,
            "mod_form": mod_form,
            "answer_form": answer_form,
            "titles": selectors.section_titles(),
        },
        status=400 if data else 200,
    )
