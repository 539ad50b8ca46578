"""The page "Membri dell'organizzazione": the referent lists, invites, re-assigns and removes
members. Thin: each write is a service, each read a selector."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citta_del_noi.accounts.permissions import login_required
from citta_del_noi.forms_utils import apply_service_errors

from . import rules, selectors, services
from .forms import MemberInviteForm, MemberRoleForm
from .models import Membership, MembershipRole, Organization


def _managed(request: HttpRequest, slug: str) -> Organization:
    """404 for anyone who is not a member, 403 for a member who does not manage members."""
    organization = selectors.organization_of_member(request.user, slug)
    if not rules.can_manage_members(request.user, organization):
        raise PermissionDenied(_("Solo il referente può gestire i membri dell'organizzazione."))
    return organization


def _person(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.email


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _managed(request, slug)
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.member_invite(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            text = (
                _(
                    "Invito inviato a %(email)s: riceverà un'email per scegliere la password "
                    "e accedere come %(role)s."
                )
                if created
                else _("%(email)s è ora un membro dell'organizzazione come %(role)s.")
            )
            messages.success(
                request,
                text
                % {
                    "email": membership.user.email,
                    "role": MembershipRole(membership.role).label.lower(),
                },
            )
            return redirect("organizations:members", slug=organization.slug)
    rows = [
        (membership, MemberRoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}"))
        for membership in selectors.members_of(organization)
    ]
    return render(
        request,
        "organizations/members.html",
        {"organization": organization, "form": form, "rows": rows},
    )


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _managed(request, slug)
    membership = selectors.member_of(organization, pk)
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Scegli un ruolo dall'elenco."))
        return redirect("organizations:members", slug=organization.slug)
    try:
        services.member_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s ha ora il ruolo di %(role)s.")
            % {
                "name": _person(membership),
                "role": MembershipRole(form.cleaned_data["role"]).label.lower(),
            },
        )
    return redirect("organizations:members", slug=organization.slug)


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = _managed(request, slug)
    membership = selectors.member_of(organization, pk)
    try:
        services.member_remove(membership=membership, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("organizations:members", slug=organization.slug)
    messages.success(
        request,
        _("%(name)s non fa più parte dell'organizzazione.") % {"name": _person(membership)},
    )
    if membership.user_id == request.user.pk:
        # A referent who leaves no longer sees the page.
        return redirect("core:area_riservata")
    return redirect("organizations:members", slug=organization.slug)
