"""Writes on accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from territori.models import Zona

from .emails import email_normalize
from .groups import ensure_groups
from .models import User
from .roles import GROUP_ADMIN, GROUP_STAFF


@transaction.atomic
def mfa_enable_totp(*, user: User, secret: str) -> None:
    """Give `user` a TOTP authenticator with `secret` (base32) and fresh recovery codes."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


def email_address_trust_login_address(*, user: User) -> None:
    """The login address is the account's verified primary address.

    Accounts are created by Comune staff (or by invitation, whose link proves the mailbox)
    with ``ACCOUNT_EMAIL_VERIFICATION = "none"``, so allauth's address book starts empty or
    with the login address unverified. Before a change of address it is recorded as verified
    and primary: the change then stays pending until the new address is confirmed, and the
    login address keeps receiving resets and notices.
    """
    if not user.email:
        return
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).filter(
        primary=True
    ).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def user_make_staff(
    *, user: User, zones: Iterable[Zona] | None = None, admin: bool = False
) -> User:
    """Make `user` Comune staff (optionally limited to `zones`) or an administrator.

    Both get access to the Django admin (is_staff) for the reference data; what they may change
    there comes from the permissions of their group (see groups.ensure_groups).
    """
    ensure_groups()
    user.groups.add(Group.objects.get(name=GROUP_ADMIN if admin else GROUP_STAFF))
    user.is_staff = True
    if admin:
        user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    if zones:
        user.staff_zones.set(zones)
    for attr in ("_cdn_group_names", "_cdn_staff_zone_ids"):
        user.__dict__.pop(attr, None)
    return user


def password_set_url(user: User) -> str:
    """An absolute link to allauth's password-reset page for `user` (one use, time-limited)."""
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
    )
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def invitation_send(*, user: User) -> None:
    """Email `user` a link to choose their password (allauth's password-reset flow).

    Plain text built here rather than in a template: nothing in it is HTML.
    """
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    subject = _("Brescia Città del Noi: il tuo account è pronto")
    body = _(
        "Buongiorno %(name)s,\n\n"
        "il personale del Comune di Brescia ha creato per te un account sul portale "
        "Brescia Città del Noi. Per attivarlo scegli la tua password da questo collegamento:\n\n"
        "%(url)s\n\n"
        "Il collegamento si può usare una sola volta e scade dopo %(days)s giorni. Se è scaduto, "
        "chiedi un nuovo collegamento dalla pagina di accesso "
        '("Hai dimenticato la password?").\n\n'
        "Per accedere userai questo indirizzo email.\n\n"
        "Brescia Città del Noi — Comune di Brescia\n%(portal)s\n"
    ) % {
        "name": user.first_name or user.email,
        "url": password_set_url(user),
        "days": days,
        "portal": settings.PORTAL_BASE_URL,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def user_invite(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    by: User | None = None,
    send: Callable[[User], None] | None = None,
) -> User:
    """Create an account without a password and send the invitation once the row is saved.

    `send` writes the invitation (default: the staff wording of invitation_send); an
    organisation's referent inviting a member passes its own wording, same password link."""
    try:
        email = email_normalize(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}, code="invalid") from exc
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Esiste già un account con questo indirizzo email.")}, code="duplicate"
        )
    user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if send is None:
        transaction.on_commit(lambda: invitation_send(user=user))
    else:
        transaction.on_commit(lambda: send(user))
    return user
