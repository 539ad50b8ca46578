"""The public consultation: the page, contributions, confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g

from citta_del_noi.forms_utils import apply_service_errors
from citta_del_noi.notifications.links import portal_url

from .. import selectors, services
from ..forms import (
    ContributionForm,
)
from ..models import AuthorKind, EditionStatus

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
