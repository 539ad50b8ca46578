"""The newsletter: sending, subscription, confirmation, one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from citta_del_noi.accounts.permissions import login_required

from .. import forms as f
from .. import services
from .tools import _object, _tool_for


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
