"""The staff's moderation of contributions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g

from citta_del_noi.forms_utils import apply_service_errors

from .. import selectors, services
from ..forms import (
    AnswerForm,
    ModerationForm,
)
from ._common import staff_only


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
