"""Writes on accounts."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import GROUP_ADMIN, GROUP_STAFF


@transaction.atomic
def mfa_enable_totp(*, user: User, secret: str) -> None:
    """Give `user` a TOTP authenticator with `secret` (base32) and fresh recovery codes."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


@transaction.atomic
def user_make_staff(*, user: User, zones=None, admin: bool = False) -> User:  # type: ignore[no-untyped-def]
    """Make `user` Comune staff (optionally limited to `zones`) or an administrator."""
    user.groups.add(Group.objects.get_or_create(name=GROUP_ADMIN if admin else GROUP_STAFF)[0])
    if admin:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    if zones:
        user.staff_zones.set(zones)
    return user
