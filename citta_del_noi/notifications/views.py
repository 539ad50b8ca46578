"""The "Avvisi" page of the reserved area: the viewer's own notices, mark as read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citta_del_noi.accounts.permissions import login_required

from . import selectors, services

PAGE_SIZE = 25


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notices_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notifications/notice_list.html", {"page": page})


@require_POST
@login_required
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice as read; "open" then follows its link (a path inside the portal)."""
    notice = selectors.notice_for(request.user, pk)
    services.notice_mark_read(notice=notice, by=request.user)
    if (
        "open" in request.POST
        and notice.link
        and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None)
    ):
        return redirect(notice.link)
    return redirect("notifications:list")


@require_POST
@login_required
def notice_read_all(request: HttpRequest) -> HttpResponse:

    count = services.notices_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Tutti gli avvisi sono segnati come letti."))
    return redirect("notifications:list")
