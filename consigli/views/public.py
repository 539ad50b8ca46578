"""The councils' public pages: list, detail, approved minutes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors

# --- Public pages -----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "consigli/public_list.html", {"councils": selectors.councils_public()})


@require_GET
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = selectors.council_public(slug)
    meetings = list(selectors.public_meetings(council))
    return render(
        request,
        "consigli/public_detail.html",
        {
            "council": council,
            "members": selectors.members_in_office(council),
            "meetings": meetings,
            "minutes": selectors.public_minutes(council),
            "decisions": selectors.decisions_public(council),
            "can_enter": selectors.can_view_council(request.user, council.pk),
        },
    )


@require_GET
def public_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.public_minutes_for(pk)
    if minutes.meeting.consiglio.slug != slug:
        raise Http404
    return render(
        request,
        "consigli/public_minutes.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "council": minutes.meeting.consiglio,
            "agenda": selectors.agenda_of(minutes.meeting, public=True),
            "errata": minutes.errata.filter(confidential=False),
        },
    )
