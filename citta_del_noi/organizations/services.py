"""Writes on organisations and memberships.

Two layers:
- membership_add / membership_end / membership_set_role: the plain writes (used by staff in the
  Django admin, the demo seed and tests), which keep the guardian object permission
  `record_activities` in step with the role (granted to referenti and compilatori, revoked from
  lettori and ended memberships);
- member_invite / member_change_role / member_remove: what an organisation's referent does on
  the page "Membri dell'organizzazione", each checking rules.can_manage_members and the rule
  that an organisation keeps at least one referent.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from citta_del_noi.accounts.emails import email_normalize
from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.roles import AnyUser, forget_partner_roles
from citta_del_noi.accounts.services import password_set_url, user_invite

from . import rules
from .models import RECORDING_ROLES, Membership, MembershipRole, Organization

RECORD_PERM = "organizations.record_activities"


def _sync_record_perm(membership: Membership) -> None:
    """The guardian permission to record follows the role (and the membership being active)."""
    if membership.active and membership.role in RECORDING_ROLES:
        assign_perm(RECORD_PERM, membership.user, membership.organization)
    else:
        remove_perm(RECORD_PERM, membership.user, membership.organization)
    forget_partner_roles(membership.user)


@transaction.atomic
def membership_add(
    *, user: User, organization: Organization, role: str = MembershipRole.REFERENTE
) -> Membership:
    """Make `user` a member of `organization` with `role` (reactivating an ended membership)."""
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not created and (not membership.active or membership.role != role):
        membership.active = True
        membership.role = role
        membership.save(update_fields=["active", "role"])
    _sync_record_perm(membership)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership) -> None:
    membership.active = False
    membership.save(update_fields=["active"])
    _sync_record_perm(membership)


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    _sync_record_perm(membership)
    return membership


# --- What a referent does ----------------------------------------------------------------------


def _require_manager(by: AnyUser, organization: Organization) -> None:
    if not rules.can_manage_members(by, organization):
        raise PermissionDenied(_("Solo il referente può gestire i membri dell'organizzazione."))


def _check_role(role: str) -> None:
    if role not in MembershipRole.values:
        raise ValidationError({"role": [_("Scegli un ruolo dall'elenco.")]})


def ensure_a_referent_remains(*, membership: Membership, new_role: str | None) -> None:
    """An organisation keeps at least one active referent: refuse to remove or demote the last.

    Locks the organisation's row, so two referents removing each other at the same moment are
    handled one after the other and the second is refused."""
    if membership.role != MembershipRole.REFERENTE or new_role == MembershipRole.REFERENTE:
        return
    Organization.objects.select_for_update().filter(pk=membership.organization_id).first()
    others = (
        Membership.objects.filter(
            organization_id=membership.organization_id,
            active=True,
            role=MembershipRole.REFERENTE,
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            _("%(name)s è l'unico referente dell'organizzazione: nomina prima un altro referente.")
            % {"name": membership.user.get_full_name() or membership.user.email}
        )


def _member_added_mail(*, user: User, organization: Organization, role: str, by: AnyUser) -> None:
    """Tell an existing account that it now acts for the organisation."""
    subject = _("Brescia Città del Noi: sei stato aggiunto a %(org)s") % {"org": organization.name}
    body = _(
        "Buongiorno %(name)s,\n\n"
        "%(by)s ti ha aggiunto ai membri dell'organizzazione %(org)s sul portale "
        "Brescia Città del Noi, con il ruolo di %(role)s.\n\n"
        "Accedi con il tuo account da questo collegamento:\n\n%(url)s\n\n"
        "Brescia Città del Noi — Comune di Brescia\n%(portal)s\n"
    ) % {
        "name": user.first_name or user.email,
        "by": by.get_full_name() or by.email,  # type: ignore[union-attr]
        "org": organization.name,
        "role": MembershipRole(role).label,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("account_login"),
        "portal": settings.PORTAL_BASE_URL,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _new_account_mail(
    *, organization: Organization, role: str, by: AnyUser
) -> Callable[[User], None]:
    """The invitation for a new account: choose a password (allauth's reset link)."""

    by_name = by.get_full_name() or by.email  # type: ignore[union-attr]

    def send(user: User) -> None:
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        subject = _("Brescia Città del Noi: invito da %(org)s") % {"org": organization.name}
        body = _(
            "Buongiorno,\n\n"
            "%(by)s ti ha invitato a far parte dell'organizzazione %(org)s sul portale "
            "Brescia Città del Noi, con il ruolo di %(role)s. Per attivare il tuo account "
            "scegli la password da questo collegamento:\n\n"
            "%(url)s\n\n"
            "Il collegamento si può usare una sola volta e scade dopo %(days)s giorni. Se è "
            "scaduto, chiedi un nuovo collegamento dalla pagina di accesso "
            '("Hai dimenticato la password?").\n\n'
            "Per accedere userai questo indirizzo email.\n\n"
            "Brescia Città del Noi — Comune di Brescia\n%(portal)s\n"
        ) % {
            "by": by_name,
            "org": organization.name,
            "role": MembershipRole(role).label,
            "url": password_set_url(user),
            "days": days,
            "portal": settings.PORTAL_BASE_URL,
        }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

    return send


@transaction.atomic
def member_invite(
    *, organization: Organization, email: str, role: str, by: AnyUser
) -> tuple[Membership, bool]:
    """Add a member by email. A person without an account gets one and an invitation to choose
    the password; an existing account is added and told by email. Returns (membership, whether
    the account was created)."""

    _require_manager(by, organization)
    _check_role(role)
    if not (email or "").strip():
        raise ValidationError({"email": [_("Indica l'indirizzo email della persona.")]})
    try:
        email = email_normalize(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}, code="invalid") from exc
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = user_invite(
            email=email,
            by=by if isinstance(by, User) else None,
            send=_new_account_mail(organization=organization, role=role, by=by),
        )
    else:
        if not user.is_active:
            raise ValidationError(
                {
                    "email": [
                        _(
                            "L'account con questo indirizzo è disattivato: rivolgiti al "
                            "personale del Comune."
                        )
                    ]
                }
            )
        if Membership.objects.filter(user=user, organization=organization, active=True).exists():
            raise ValidationError(
                {"email": [_("Questa persona è già un membro dell'organizzazione.")]}
            )
    membership = membership_add(user=user, organization=organization, role=role)
    if not created:
        added = user
        transaction.on_commit(
            lambda: _member_added_mail(user=added, organization=organization, role=role, by=by)
        )
    return membership, created


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, by: AnyUser) -> Membership:
    _require_manager(by, membership.organization)
    _check_role(role)
    membership = (
        Membership.objects.select_related("user", "organization").filter(pk=membership.pk).get()
    )
    if not membership.active:
        raise ValidationError(_("Questa persona non è più un membro dell'organizzazione."))
    ensure_a_referent_remains(membership=membership, new_role=role)
    return membership_set_role(membership=membership, role=role)


@transaction.atomic
def member_remove(*, membership: Membership, by: AnyUser) -> None:
    """End the membership (the history of who recorded what stays readable)."""
    _require_manager(by, membership.organization)
    membership = (
        Membership.objects.select_related("user", "organization").filter(pk=membership.pk).get()
    )
    if not membership.active:
        return
    ensure_a_referent_remains(membership=membership, new_role=None)
    membership_end(membership=membership)
