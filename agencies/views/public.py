"""The agencies' public pages: library, volunteer calls, news, events, agency pages."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcsEvent

from citta_del_noi.accounts.permissions import role_required
from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.notifications.links import portal_url

from .. import figures, rules, selectors, services
from .. import forms as f
from ..models import (
    PageKind,
)
from .tools import PAGE_SIZE


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
