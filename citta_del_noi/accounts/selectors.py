"""Reads on accounts."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from .models import User


def users_for_password_reset(email: str) -> list[User]:
    """Active accounts whose primary address is `email`: the only ones a reset is mailed to.

    The primary address is the login address (``User.email``): set by Comune staff (the
    invitation proved it) or replaced only after the new address was confirmed from its own
    mailbox. A secondary address — verified or not, pending confirmation or added from a
    hijacked session — never receives a reset link.
    """
    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True))
    secondary = set(
        EmailAddress.objects.filter(
            user__in=users, email__iexact=email.strip(), primary=False
        ).values_list("user_id", flat=True)
    )
    return [user for user in users if user.pk not in secondary]


def active_user_by_email(email: str) -> User | None:
    """The active account with this login address (any letter case), if there is one."""
    return User.objects.filter(email__iexact=email, is_active=True).first()
