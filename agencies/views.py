"""Views of the agencies: thin (parse input, check permission, call a service/selector, render)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from icalendar import Calendar
from icalendar import Event as IcsEvent

from citta_del_noi.accounts import roles
from citta_del_noi.accounts.permissions import login_required, role_required
from citta_del_noi.accounts.selectors import active_user_by_email
from citta_del_noi.core.history import history_entries
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.jobs.models import Job
from citta_del_noi.notifications.links import portal_url
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.privacy.forms import RedactionForm
from citta_del_noi.privacy.selectors import redactions_for
from citta_del_noi.privacy.services import redactable_fields

from . import figures, rules, selectors, services
from . import forms as f
from .import_jobs import welfare_import_result, welfare_import_start
from .imports import template_csv, template_xlsx
from .models import (
    Call,
    CallStatus,
    NewsletterStatus,
    PageKind,
)
from .tools import NO_CREATE, Tool, get_tool, resolve, tools_for_agency

PAGE_SIZE = 50


# --- internal tools --------------------------------------------------------------------------


def _tool_for(request: HttpRequest, key: str) -> Tool:
    tool = get_tool(key)
    if tool is None:
        raise Http404
    if not rules.can_manage(request.user, tool.agency):
        raise PermissionDenied
    return tool


def _object(tool: Tool, user: Any, pk: int) -> Any:
    obj = selectors.tool_queryset(tool, user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@role_required(rules.can_use_workspace)
def workspace(request: HttpRequest) -> HttpResponse:
    groups = []
    for agency in selectors.agencies_public():
        if rules.can_manage(request.user, agency.slug):
            groups.append({"agency": agency, "tools": tools_for_agency(agency.slug)})
    return render(request, "agencies/workspace.html", {"groups": groups})


@login_required
def tool_list(request: HttpRequest, tool: str) -> HttpResponse:
    t = _tool_for(request, tool)
    page = Paginator(selectors.tool_queryset(t, request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = [{"obj": obj, "cells": [resolve(obj, c.attr) for c in t.columns]} for obj in page]
    return render(
        request,
        "agencies/tool_list.html",
        {"tool": t, "page": page, "rows": rows, "can_create": t.key not in NO_CREATE},
    )


@login_required
def tool_create(request: HttpRequest, tool: str) -> HttpResponse:
    t = _tool_for(request, tool)
    if t.key in NO_CREATE:
        raise PermissionDenied
    return _tool_form(request, t, None)


@login_required
def tool_edit(request: HttpRequest, tool: str, pk: int) -> HttpResponse:
    t = _tool_for(request, tool)
    return _tool_form(request, t, _object(t, request.user, pk))


def _tool_form(request: HttpRequest, t: Tool, obj: Any) -> HttpResponse:
    form = t.form(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.tool_save(tool=t, form=form, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dati salvati."))
            return redirect("agencies:tool_detail", tool=t.key, pk=saved.pk)
    return render(request, "agencies/tool_form.html", {"tool": t, "form": form, "object": obj})


def _detail_rows(t: Tool, obj: Any) -> list[dict]:
    rows = []
    for name in t.form._meta.fields:
        field = t.model._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(str(x) for x in getattr(obj, name).all()) or "—"
        elif getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
            if value is None or value == "":
                value = "—"
        rows.append({"label": field.verbose_name, "value": value})
    return rows


@login_required
def tool_detail(request: HttpRequest, tool: str, pk: int) -> HttpResponse:
    t = _tool_for(request, tool)
    obj = _object(t, request.user, pk)
    ctx: dict[str, Any] = {
        "tool": t,
        "object": obj,
        "rows": _detail_rows(t, obj),
        # A need's history has its own page (with the redactions made on it).
        "history": selectors.record_history(obj) if t.key != "bisogni" else [],
        "can_edit": t.key != "newsletter" or obj.status == NewsletterStatus.DRAFT,
    }
    if t.key == "bisogni":
        ctx["need"] = selectors.need_with_responses(obj.pk)
        ctx["link_form"] = f.NeedLinkForm(user=request.user)
    if t.key == "bandi":
        ctx["can_edit"] = obj.status == CallStatus.DRAFT
    return render(request, "agencies/tool_detail.html", ctx)


# --- Conoscenza ------------------------------------------------------------------------------


@login_required
def need_link(request: HttpRequest, pk: int) -> HttpResponse:
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    form = f.NeedLinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_link(
                need=need,
                by=request.user,
                activity=form.cleaned_data.get("activity"),
                service_unit=form.cleaned_data.get("service_unit"),
                decision=form.cleaned_data.get("decision"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Risposta collegata: stato del bisogno aggiornato."))
            return redirect("agencies:tool_detail", tool="bisogni", pk=need.pk)
    return render(
        request,
        "agencies/tool_detail.html",
        {
            "tool": t,
            "object": need,
            "rows": _detail_rows(t, need),
            "history": [],
            "need": selectors.need_with_responses(need.pk),
            "link_form": form,
            "can_edit": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def need_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    try:
        services.need_unlink(
            need=need,
            by=request.user,
            kind=request.POST.get("kind", ""),
            pk=int(request.POST.get("target") or 0),
        )
    except (ValidationError, ValueError):
        messages.error(request, _("Risposta non valida."))
    else:
        messages.success(request, _("Risposta scollegata: stato del bisogno aggiornato."))
    return redirect("agencies:tool_detail", tool="bisogni", pk=need.pk)


@login_required
def need_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The need's change history, with the redactions made on it."""
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    return render(
        request,
        "agencies/need_history.html",
        {
            "tool": t,
            "object": need,
            "history": history_entries(need),
            "redactions": redactions_for(request.user, need),
            "can_redact": roles.is_comune_staff(request.user),
        },
    )


@login_required
def need_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """Comune staff remove personal data from a field of a need and from its history."""
    t = _tool_for(request, "bisogni")
    need = _object(t, request.user, pk)
    if not roles.is_comune_staff(request.user):
        raise PermissionDenied
    form = RedactionForm(request.POST or None, fields=redactable_fields(type(need)))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_redact(need=need, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Testo rimosso dal bisogno e dalla sua storia delle modifiche.")
            )
            return redirect("agencies:need_history", pk=need.pk)
    return render(
        request,
        "privacy/redact.html",
        {
            "object_title": str(need),
            "back_url": reverse("agencies:need_history", args=[need.pk]),
            "form": form,
            "redactions": redactions_for(request.user, need),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def serviceunit_import(request: HttpRequest) -> HttpResponse:
    """Upload → checked by the form → parsed and saved by the worker (import_jobs); the page
    follows the job (?lavoro=<id>) and shows its report when done."""
    _tool_for(request, "servizi")
    form = f.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = welfare_import_start(upload=form.cleaned_data["file"], by=request.user)
        return redirect(f"{reverse('agencies:serviceunit_import')}?lavoro={started.pk}")
    job: Job | None = None
    result = None
    job_id = request.GET.get("lavoro", "")
    if job_id.isdigit() and request.method == "GET":
        job = Job.objects.filter(pk=int(job_id), created_by_id=request.user.pk).first()
        if job is None:
            raise Http404
        result = welfare_import_result(job) if job.is_done else None
        if result and result["ok"]:
            messages.success(
                request,
                _(
                    "Importazione completata: %(c)s unità create, %(u)s aggiornate; "
                    "%(ya)s anni aggiunti, %(yu)s anni aggiornati."
                )
                % {
                    "c": result["created"],
                    "u": result["updated"],
                    "ya": result["years_added"],
                    "yu": result["years_updated"],
                },
            )
    failed = form.is_bound or (result is not None and not result["ok"])
    return render(
        request,
        "agencies/serviceunit_import.html",
        {
            "form": form,
            "report": result,
            "job": job,
            "groups": selectors.welfare_target_groups(),
        },
        status=400 if failed else 200,
    )


@login_required
def serviceunit_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _tool_for(request, "servizi")
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="modello-unita-offerta.{fmt}"'
    return response


def needs_public(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.needs_public(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "agencies/needs_public.html", {"page": page})


def welfare_map(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.service_units_public(), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "agencies/welfare_map.html", {"page": page})


def library(request: HttpRequest) -> HttpResponse:
    tag = request.GET.get("etichetta") or None
    page = Paginator(selectors.library_public(tag), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "agencies/library.html",
        {
            "page": page,
            "tags": selectors.tags_in_use(),
            "tag": tag,
            "extra_query": urlencode({"etichetta": tag}) if tag else "",
        },
    )


# --- Risorse umane: people raising -----------------------------------------------------------


def volunteer_call_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "agencies/volunteer_call_list.html", {"calls": selectors.volunteer_calls_public()}
    )


def volunteer_call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.volunteer_call_public(pk)
    if call is None:
        raise Http404
    form = f.InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_submit(call=call, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Grazie! La tua disponibilità è stata inoltrata all'organizzazione, che ti "
                    "ricontatterà. I tuoi dati saranno cancellati dopo %(days)s giorni."
                )
                % {"days": services.interest_retention_days()},
            )
            return redirect("agencies:volunteer_call_detail", pk=call.pk)
    return render(
        request,
        "agencies/volunteer_call_detail.html",
        {"call": call, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Comunicazione ---------------------------------------------------------------------------


def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.news_public(), 20).get_page(request.GET.get("pagina"))
    return render(request, "agencies/news_list.html", {"page": page})


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_public().filter(pk=pk).first()
    if item is None:
        raise Http404
    return render(request, "agencies/news_detail.html", {"item": item})


def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "agencies/event_list.html", {"events": selectors.events_upcoming()})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.events_public().filter(pk=pk).first()
    if event is None:
        raise Http404
    return render(request, "agencies/event_detail.html", {"event": event})


def event_feed(request: HttpRequest) -> HttpResponse:

    cal = Calendar()
    cal.add("prodid", "-//Brescia Citta del Noi//Eventi//IT")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Eventi di Brescia Città del Noi"))
    since = timezone.now() - timedelta(days=90)
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "cittadelnoi"
    for event in selectors.events_public().filter(end__gte=since):
        item = IcsEvent()
        item.add("uid", f"evento-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("description", event.description)
        item.add("location", event.location)
        item.add("dtstart", event.start)
        item.add("dtend", event.end)
        item.add("dtstamp", event.updated_at)
        item.add("url", portal_url(reverse("agencies:event_detail", args=[event.pk])))
        cal.add_component(item)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="eventi.ics"'
    return response


@require_POST
@login_required
def newsletter_send(request: HttpRequest, pk: int) -> HttpResponse:
    t = _tool_for(request, "newsletter")
    newsletter = _object(t, request.user, pk)
    try:
        services.newsletter_send(newsletter=newsletter, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invio avviato: il server la spedisce agli iscritti."))
    return redirect("agencies:tool_detail", tool="newsletter", pk=newsletter.pk)


def newsletter_subscribe(request: HttpRequest) -> HttpResponse:
    form = f.SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscribe(email=form.cleaned_data["email"])
        messages.success(
            request,
            _("Ti abbiamo scritto: conferma l'iscrizione con il collegamento nell'email."),
        )
        return redirect("agencies:newsletter_subscribe")
    return render(
        request,
        "agencies/newsletter_subscribe.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            services.subscription_confirm(token=token)
            return render(request, "agencies/newsletter_done.html", {"confirmed": True})
        services.subscriber_from_token(
            token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_MAX_AGE
        )
    except ValidationError as exc:
        return render(
            request,
            "agencies/newsletter_done.html",
            {"error": " ".join(exc.messages)},
            status=400,
        )
    return render(request, "agencies/newsletter_confirm.html", {"action": "confirm"})


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the link is signed
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            services.unsubscribe(token=token)
            return render(request, "agencies/newsletter_done.html", {"unsubscribed": True})
        services.subscriber_from_token(token, salt=services.UNSUBSCRIBE_SALT)
    except ValidationError as exc:
        return render(
            request,
            "agencies/newsletter_done.html",
            {"error": " ".join(exc.messages)},
            status=400,
        )
    return render(request, "agencies/newsletter_confirm.html", {"action": "unsubscribe"})


# --- public pages: agencies, cantieri, Punti Comunità -----------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/index.html",
        {
            "agencies": selectors.agencies_public(),
            "azioni": selectors.azioni_for_pages(),
            "punti": selectors.punti_for_pages(),
        },
    )


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_by_slug(slug)
    if agency is None:
        raise Http404
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "page_text": selectors.page_for(PageKind.AGENCY, agency),
            "figures": figures.agency_figures(agency.slug),
            "can_manage": rules.can_manage(request.user, agency.slug),
            "can_edit_page": rules.can_edit_pages(request.user),
        },
    )


def azione_page(request: HttpRequest, slug: str) -> HttpResponse:
    azione = selectors.azione_by_slug(slug)
    if azione is None:
        raise Http404
    return render(
        request,
        "agencies/azione_page.html",
        {
            "azione": azione,
            "page_text": selectors.page_for(PageKind.AZIONE, azione),
            "figures": figures.azione_figures(azione),
            "can_edit_page": rules.can_edit_pages(request.user),
        },
    )


def punto_page(request: HttpRequest, slug: str) -> HttpResponse:
    punto = selectors.punto_by_slug(slug)
    if punto is None:
        raise Http404
    return render(
        request,
        "agencies/punto_page.html",
        {
            "punto": punto,
            "page_text": selectors.page_for(PageKind.PUNTO, punto),
            "can_edit_page": rules.can_edit_pages(request.user),
        },
    )


@role_required(rules.can_edit_pages)
def page_edit(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    loaders = {
        PageKind.AZIONE.value: (selectors.azione_by_slug, "agencies:azione_page"),
        PageKind.AGENCY.value: (selectors.agency_by_slug, "agencies:agency_detail"),
        PageKind.PUNTO.value: (selectors.punto_by_slug, "agencies:punto_page"),
    }
    if kind not in loaders:
        raise Http404
    loader, view_name = loaders[kind]
    target = loader(slug)
    if target is None:
        raise Http404
    page = selectors.page_for(kind, target)
    form = f.PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.page_save(
            kind=kind,
            target=target,
            intro=form.cleaned_data["intro"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
        messages.success(request, _("Pagina aggiornata."))
        return redirect(view_name, slug=slug)
    return render(
        request,
        "agencies/page_edit.html",
        {"form": form, "target": target, "back": reverse(view_name, kwargs={"slug": slug})},
    )


# --- Finanza: calls for proposals ------------------------------------------------------------


def call_public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/call_public_list.html",
        # the link to "Le domande della mia organizzazione" only for whom it opens (its view rule)
        {"calls": selectors.calls_public(), "show_my_applications": rules.can_apply(request.user)},
    )


def call_public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_public(pk)
    if call is None:
        raise Http404
    own = None
    if roles.is_partner(request.user):
        own = selectors.application_of_org(
            call=call, organization_ids=roles.partner_organization_ids(request.user)
        )
    return render(
        request,
        "agencies/call_public_detail.html",
        {
            "call": call,
            "open": call.status == CallStatus.PUBLISHED and call.deadline > timezone.now(),
            "own": own,
            "can_apply": rules.can_apply(request.user),
            "ranking": selectors.call_ranking(call) if call.status == CallStatus.AWARDED else None,
        },
    )


@role_required(rules.can_apply)
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_public(pk)
    if call is None:
        raise Http404
    org_ids = {
        pk
        for pk in roles.partner_organization_ids(request.user)
        if org_rules.can_submit(request.user, pk)
    }
    form = f.ApplicationForm(request.POST or None, organization_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                call=call,
                organization=form.cleaned_data["organization"],
                by=request.user,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                requested_amount=form.cleaned_data["requested_amount"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Domanda presentata."))
            return redirect("agencies:my_applications")
    return render(
        request,
        "agencies/call_apply.html",
        {"call": call, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(rules.can_apply)
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/my_applications.html",
        {"applications": selectors.applications_of_user(request.user)},
    )


def _call_for_staff(request: HttpRequest, pk: int) -> Call:
    _tool_for(request, "bandi")
    call = selectors.call_for_staff(pk)
    if call is None:
        raise Http404
    return call


@login_required
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    return _render_manage(request, call)


def _render_manage(
    request: HttpRequest,
    call: Call,
    assign_form: Any = None,
    award_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agencies/call_manage.html",
        {
            "call": call,
            "ranking": selectors.call_ranking(call),
            "assign_form": assign_form or f.AssignForm(),
            "award_form": award_form,
            "now": timezone.now(),
        },
        status=status,
    )


@require_POST
@login_required
def call_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    call = _call_for_staff(request, pk)
    actions = {
        "pubblica": (services.call_publish, _("Bando pubblicato.")),
        "chiudi": (services.call_close, _("Bando chiuso: si passa alla valutazione.")),
        "approva": (services.call_finalize, _("Graduatoria approvata.")),
    }
    if action not in actions:
        raise Http404
    service, done = actions[action]
    try:
        service(call=call, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("agencies:call_manage", pk=call.pk)


def _application_of(call: Call, pk: Any) -> Any:
    app = call.applications.filter(pk=pk).first() if str(pk).isdigit() else None
    if app is None:
        raise Http404
    return app


@require_POST
@login_required
def call_assign(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    form = f.AssignForm(request.POST)
    if form.is_valid():
        application = _application_of(call, form.cleaned_data["application"])
        evaluator = active_user_by_email(form.cleaned_data["email"])
        if evaluator is None:
            form.add_error("email", _("Nessun utente attivo con questa email."))
        else:
            try:
                services.evaluator_assign(
                    application=application, evaluator=evaluator, by=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Valutatore assegnato."))
                return redirect("agencies:call_manage", pk=call.pk)
    return _render_manage(request, call, assign_form=form, status=400)


@require_POST
@login_required
def call_award(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for_staff(request, pk)
    form = f.AwardForm(request.POST)
    if form.is_valid():
        application = _application_of(call, form.cleaned_data["application"])
        try:
            services.application_award(
                application=application, amount=form.cleaned_data["amount"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contributo assegnato."))
            return redirect("agencies:call_manage", pk=call.pk)
    return _render_manage(request, call, award_form=form, status=400)


@login_required
def evaluations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agencies/evaluations.html",
        {"assignments": selectors.assignments_for_evaluator(request.user)},
    )


@login_required
def evaluation_score(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_evaluator(request.user, pk)
    if assignment is None:
        raise Http404
    criteria = list(assignment.application.call.criteria.all())
    initial = {s.criterion_id: (s.score, s.comment) for s in assignment.scores.all()}
    form = f.ScoreForm(request.POST or None, criteria=criteria, initial_scores=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(assignment=assignment, by=request.user, scores=form.scores())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Valutazione salvata."))
            return redirect("agencies:evaluations")
    return render(
        request,
        "agencies/evaluation_score.html",
        {"assignment": assignment, "form": form},
        status=400 if request.method == "POST" else 200,
    )
