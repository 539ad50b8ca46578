"""Pages of activity records. Thin: parse input, check permission, call a service/selector."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citta_del_noi.accounts.permissions import login_required, role_required
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.jobs.selectors import job_for_viewer
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.selectors import organizations_recordable_by
from citta_del_noi.privacy.forms import RedactionForm
from citta_del_noi.privacy.services import redactable_fields

from . import (
    export_jobs,
    exports,
    form_options,
    imports,
    pagination,
    rules,
    selectors,
    services,
    summary,
)
from .coverage import coverage_rows_for
from .evidence_selectors import attachments_of
from .forms import (
    ActivityEntry,
    CorrectionReasonForm,
    FilterForm,
    ImportConfirmForm,
    ImportUploadForm,
    MeasurementForm,
    ReturnForm,
)
from .models import ActivityRecord, ActivityStatus, ImportStatus, IndicatorKind
from .pagination import CappedPaginator
from .review_race import refuse_if_already_reviewed
from .selectors import ActivityFilters
from .tasks import start_import_job

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[FilterForm, ActivityFilters]:
    return export_jobs.activity_filters(request.user, request.GET)


def _page(request: HttpRequest, qs: Any, f: ActivityFilters | None = None) -> Any:
    cap = pagination.CAP_TEXT_SEARCH if f is not None and f.q else pagination.CAP
    return CappedPaginator(qs, PAGE_SIZE, cap=cap).get_page(request.GET.get("pagina"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()


@role_required(rules.can_read_rows)
def activity_list(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request)
    qs = selectors.activity_rows(selectors.activities_filtered_for(request.user, f))
    page = _page(request, qs, f)
    return render(
        request,
        "cantieri/activity_list.html",
        {
            "filter_form": form,
            "page": page,
            "query": _query_without_page(request),
            "can_record": rules.can_record(request.user),
            "is_staff": rules.can_review(request.user),
        },
    )


@role_required(rules.can_review)
def review_queue(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request)
    qs = selectors.activity_rows(selectors.review_queue_for(request.user, f))
    page = _page(request, qs, f)
    return render(
        request,
        "cantieri/review_queue.html",
        {
            "filter_form": form,
            "page": page,
            "query": _query_without_page(request),
            "status": f.status,
        },
    )


@require_POST
@role_required(rules.can_review)
def review_bulk_approve(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    selected = selectors.activities_visible_to(request.user).filter(pk__in=ids)
    count = services.activities_approve_bulk(activities=selected, by=request.user)
    if count:
        messages.success(request, _("%(n)s attività approvate.") % {"n": count})
    else:
        messages.warning(request, _("Nessuna attività inviata selezionata."))
    return redirect(reverse("cantieri:review_queue") + "?" + request.POST.get("query", ""))


def _refuse_submit_unless_allowed(request: HttpRequest, organization_id: int) -> None:
    """A member who may record but not submit (compilatore) has no "Invia" button; a POST that
    asks for it anyway is refused before anything is saved."""
    if "submit" in request.POST and not org_rules.can_submit(request.user, organization_id):
        raise PermissionDenied(_("Solo il referente dell'organizzazione può inviare le attività."))


def _saved(request: HttpRequest, activity: ActivityRecord, saved_message: str) -> HttpResponse:
    """After a save: submit for review when asked (the "Invia" button), then show the record."""
    if "submit" in request.POST:
        services.activity_submit(activity=activity, by=request.user)
        messages.success(request, _("Attività inviata per la revisione."))
    else:
        messages.success(request, saved_message)
    return redirect("cantieri:activity_detail", pk=activity.pk)


@role_required(rules.can_record)
def activity_create(request: HttpRequest) -> HttpResponse:
    # what the form accepts (the selector's queryset) and what it shows (the same, cached)
    options, organization_choices = form_options.for_viewer(request.user)
    entry = ActivityEntry(
        request.POST or None,
        organizations=organizations_recordable_by(request.user),
        organization_choices=organization_choices,
        options=options,
    )
    if request.method == "POST" and entry.is_valid():
        assert entry.item is not None
        _refuse_submit_unless_allowed(request, entry.form.cleaned_data["organization"].pk)
        try:
            activity = services.activity_create(
                organization=entry.form.cleaned_data["organization"],
                by=request.user,
                item=entry.item,
            )
        except ValidationError as exc:
            entry.apply_errors(exc.message_dict)
        else:
            return _saved(request, activity, _("Attività salvata come bozza."))
    return render(
        request,
        "cantieri/activity_form.html",
        {"entry": entry, "creating": True, "can_submit": org_rules.submits_for_any(request.user)},
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    user = request.user
    return render(
        request,
        "cantieri/activity_detail.html",
        {
            "activity": activity,
            "history": selectors.history_for(user, activity),
            "redactions": selectors.redactions_for(user, activity),
            "corrections": selectors.corrections_for(activity),
            "attachments": attachments_of(activity),
            "can_attach": rules.can_attach(user, activity),
            "can_edit": rules.can_edit(user, activity),
            "can_submit": rules.can_submit(user, activity),
            "can_review": rules.can_review_activity(user, activity),
            "can_correct": rules.can_correct(user, activity),
            "is_staff": rules.can_review(user),
            "return_form": ReturnForm(),
            "age_rows": [
                (activity._meta.get_field(f).verbose_name, getattr(activity, f))  # type: ignore[union-attr]
                for f in activity.AGE_FIELDS
            ],
        },
    )


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for_form(request.user, pk)
    if not rules.can_edit(request.user, activity):
        raise PermissionDenied
    entry = ActivityEntry(request.POST or None, instance=activity)
    if request.method == "POST" and entry.is_valid():
        assert entry.item is not None
        _refuse_submit_unless_allowed(request, activity.organization_id)
        try:
            services.activity_update(activity=activity, by=request.user, item=entry.item)
        except ValidationError as exc:
            entry.apply_errors(exc.message_dict)
        else:
            return _saved(request, activity, _("Modifiche salvate."))
    return render(
        request,
        "cantieri/activity_form.html",
        {
            "entry": entry,
            "activity": activity,
            "can_submit": org_rules.can_submit(request.user, activity.organization_id),
        },
    )


@login_required
def activity_correct(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    if not rules.can_correct(request.user, activity):
        raise PermissionDenied
    entry = ActivityEntry(
        request.POST or None,
        instance=activity,
        allow_locked=True,
        extra_form=CorrectionReasonForm,
    )
    if request.method == "POST" and entry.is_valid():
        assert entry.item is not None and entry.extra is not None
        try:
            services.activity_correct(
                activity=activity,
                by=request.user,
                reason=entry.extra.cleaned_data["reason"],
                item=entry.item,
            )
        except ValidationError as exc:
            entry.apply_errors(exc.message_dict)
        else:
            messages.success(request, _("Correzione registrata: l'attività torna in revisione."))
            return redirect("cantieri:activity_detail", pk=activity.pk)
    return render(
        request,
        "cantieri/activity_form.html",
        {"entry": entry, "activity": activity, "correcting": True},
    )


@require_POST
@login_required
def activity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    services.activity_submit(activity=activity, by=request.user)
    messages.success(request, _("Attività inviata per la revisione."))
    return redirect("cantieri:activity_detail", pk=pk)


@require_POST
@login_required
def activity_return(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    form = ReturnForm(request.POST)
    try:
        refuse_if_already_reviewed(request.user, activity)
        if not rules.can_review_activity(request.user, activity):
            raise PermissionDenied
        if form.is_valid():
            services.activity_return(
                activity=activity, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Attività restituita all'organizzazione."))
            return redirect("cantieri:activity_detail", pk=pk)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        messages.warning(request, " ".join(exc.messages))
        return redirect("cantieri:activity_detail", pk=pk)
    return render(
        request,
        "cantieri/activity_detail.html",
        {
            "activity": activity,
            "history": selectors.history_for(request.user, activity),
            "redactions": selectors.redactions_for(request.user, activity),
            "corrections": selectors.corrections_for(activity),
            "can_review": True,
            "is_staff": True,
            "return_form": form,
        },
        status=400,
    )


@role_required(rules.can_review)
def activity_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff remove personal data from a field of the record and from its whole history."""
    activity = selectors.activity_for(request.user, pk)
    form = RedactionForm(request.POST or None, fields=redactable_fields(ActivityRecord))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_redact(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Testo rimosso dal record e dalla sua storia delle modifiche.")
            )
            return redirect("cantieri:activity_detail", pk=pk)
    return render(
        request,
        "privacy/redact.html",
        {
            "object_title": activity.title,
            "back_url": reverse("cantieri:activity_detail", args=[pk]),
            "form": form,
            "redactions": selectors.redactions_for(request.user, activity),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def activity_approve(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    try:
        services.activity_approve(activity=activity, by=request.user)
    except ValidationError as exc:  # another reviewer came first
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attività approvata."))
    return redirect("cantieri:activity_detail", pk=pk)


@require_POST
@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("Bozza eliminata."))
    return redirect("cantieri:activity_list")


@login_required
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.organization_for(request.user, slug)
    base = selectors.activities_visible_to(request.user).filter(organization=org)
    records = selectors.activity_rows(base.order_by("-period_start", "-pk"))
    returned = selectors.activity_rows(
        base.filter(status=ActivityStatus.RETURNED).order_by("-updated_at")
    )
    return render(
        request,
        "cantieri/organization_detail.html",
        {
            "organization": org,
            "page": _page(request, records),
            "returned": returned[:50],
            "completeness": selectors.organization_completeness(request.user, org),
            "can_record": org_rules.can_record_drafts(request.user, org),
            "can_manage_members": org_rules.can_manage_members(request.user, org),
        },
    )


@role_required(rules.can_read_aggregates)
def coverage(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request)
    is_staff = rules.can_review(request.user)
    if not is_staff:
        # Non-staff see programme totals of approved records only, never others' rows.
        f.status = ActivityStatus.APPROVED
        f.organization = None
    matrix = selectors.coverage_matrix(coverage_rows_for(request.user, f))
    if not is_staff:
        # Counts of other partners' participants pass the disclosure control (issue 10).
        own = selectors.coverage_matrix(coverage_rows_for(request.user, f, own_only=True))
        matrix = selectors.coverage_protected(
            matrix,
            own,
            limit=int(settings.DISCLOSURE_THRESHOLD),
            sensitive_limit=int(settings.DISCLOSURE_THRESHOLD_SENSITIVE),
        )
    link_base = f.as_query()
    for row in matrix["rows"]:
        if is_staff:
            row["zone_links"] = [
                reverse("cantieri:activity_list")
                + "?"
                + urlencode({**link_base, "azione": row["azione"].pk, "zona": zone.pk})
                for zone, _cell in row["zones"]
            ]
            row["city_link"] = (
                reverse("cantieri:activity_list")
                + "?"
                + urlencode({**link_base, "azione": row["azione"].pk, "citta": 1})
            )
            row["total_link"] = (
                reverse("cantieri:activity_list")
                + "?"
                + urlencode({**link_base, "azione": row["azione"].pk})
            )
        row["cells"] = list(
            zip(row["zones"], row.get("zone_links") or [None] * len(row["zones"]), strict=True)
        )
    return render(
        request,
        "cantieri/coverage.html",
        {
            "matrix": matrix,
            "filter_form": form,
            "is_staff": is_staff,
            "threshold": int(settings.DISCLOSURE_THRESHOLD),
        },
    )


@role_required(rules.can_read_aggregates)
def indicator_list(request: HttpRequest) -> HttpResponse:
    period = None
    pid = request.GET.get("periodo", "")
    if pid.isdigit():
        period = selectors.period_by_pk(int(pid))
    summary.ensure_fresh(allow_rebuild=False)
    rows = selectors.indicators_table(period=period)
    return render(
        request,
        "cantieri/indicator_list.html",
        {
            "outputs": [r for r in rows if r["indicator"].kind == IndicatorKind.OUTPUT],
            "outcomes": [r for r in rows if r["indicator"].kind == IndicatorKind.OUTCOME],
            "periods": selectors.periods_all(),
            "period": period,
            "is_staff": rules.can_review(request.user),
        },
    )


@role_required(rules.can_review)
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for(pk)
    if not indicator.is_manual:
        raise Http404
    form = MeasurementForm(request.POST or None, initial={"measured_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_add(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Misurazione registrata."))
            return redirect("cantieri:indicator_list")
    return render(
        request,
        "cantieri/measurement_form.html",
        {
            "indicator": indicator,
            "form": form,
            "measurements": selectors.measurements_of(indicator)[:20],
        },
    )


@role_required(rules.can_review)
def period_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cantieri/period_list.html",
        {"periods": selectors.periods_all(), "can_close": rules.can_close_periods(request.user)},
    )


@require_POST
@role_required(rules.can_close_periods)
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_by_pk(pk)
    if period is None:
        raise Http404
    if request.POST.get("action") == "unlock":
        services.period_unlock(period=period, by=request.user)
        messages.success(request, _("Periodo %(name)s riaperto.") % {"name": period.name})
    else:
        services.period_lock(period=period, by=request.user)
        messages.success(request, _("Periodo %(name)s chiuso.") % {"name": period.name})
    return redirect("cantieri:period_list")


@role_required(rules.can_read_rows)
def activity_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Small CSVs stream at once; XLSX and large CSVs are jobs (POST starts one)."""
    if fmt not in export_jobs.FORMATS:
        raise Http404
    query = _query_without_page(request)
    if request.method == "POST":
        job = export_jobs.export_start(user=request.user, fmt=fmt, query=query)
        return redirect("jobs:detail", pk=job.pk)
    _form, f = _filters(request)
    qs = selectors.activities_filtered_for(request.user, f)
    if export_jobs.needs_job(qs, fmt):
        context = {"fmt": fmt, "query": query, "limit": export_jobs.sync_max_rows()}
        return render(request, "cantieri/export_start.html", context)
    response = StreamingHttpResponse(exports.csv_stream(qs), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="attivita-{stamp}.csv"'
    return response


@role_required(rules.can_record)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content = imports.template_xlsx()
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = imports.template_csv()
        ctype = "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="modello-attivita.{fmt}"'
    return response


@role_required(rules.can_record)
def import_upload(request: HttpRequest) -> HttpResponse:
    orgs = organizations_recordable_by(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            upload = imports.import_upload(
                user=request.user,
                organization=form.cleaned_data["organization"],
                upload=form.cleaned_data["file"],
                fmt=form.cleaned_data["format"],
            )
        except ValidationError as exc:
            for m in exc.message_dict.get("file", []):
                form.add_error("file", m)
        else:
            # Parsed by the worker, never here: the preview page follows the job.
            start_import_job(upload=upload, by=request.user, phase="preview")
            return redirect("cantieri:import_preview", pk=upload.pk)
    return render(
        request,
        "cantieri/import_upload.html",
        {"form": form, "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


@role_required(rules.can_record)
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = selectors.import_for(request.user, pk)
    may_submit = org_rules.can_submit(request.user, upload.organization)
    form = ImportConfirmForm(
        request.POST if request.method == "POST" else None, allow_submit=may_submit
    )
    if request.method == "POST" and (
        not rules.can_record_for(request.user, upload.organization_id)
        or (request.POST.get("submit_now") and not may_submit)
    ):
        # The role may have changed since the upload; only the referent submits.
        raise PermissionDenied
    if request.method == "POST" and upload.status == ImportStatus.PREVIEW and form.is_valid():
        submit_now = form.cleaned_data.get("submit_now", False)
        start_import_job(upload=upload, by=request.user, phase="apply", submit_now=submit_now)
        messages.info(request, _("Importazione avviata: puoi seguire l'avanzamento qui."))
        return redirect("cantieri:import_preview", pk=upload.pk)
    rows = (
        upload.preview if upload.status == ImportStatus.PREVIEW else upload.report.get("rows", [])
    )
    # The preview keeps the counts (its rows are bounded); older imports only the rows.
    valid = upload.report.get("valid", sum(1 for r in upload.preview if not r["errors"]))
    invalid = upload.report.get("invalid", len(upload.preview) - valid)
    job = None
    if upload.job_id:
        # The uploader started the job (import_for checked the upload is theirs).
        job = job_for_viewer(user=request.user, pk=upload.job_id)
    return render(
        request,
        "cantieri/import_preview.html",
        {
            "upload": upload,
            "rows": rows[:1000],
            "truncated": max(len(rows), upload.row_count) > 1000,
            "valid": valid,
            "invalid": invalid,
            "form": form,
            "job": job,
            "job_running": job is not None and job.status in ("queued", "running"),
        },
    )


@role_required(rules.can_record)
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    upload = selectors.import_for(request.user, pk)
    if upload.status != ImportStatus.DONE:
        raise Http404
    response = HttpResponse(
        imports.report_csv(upload.report), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="esito-importazione-{upload.pk}.csv"'
    return response
