"""The groups behind the administrator and Comune staff roles."""

from __future__ import annotations

from django.contrib.auth.models import Group

from .roles import GROUP_ADMIN, GROUP_STAFF


def ensure_groups() -> None:
    for name in (GROUP_ADMIN, GROUP_STAFF):
        Group.objects.get_or_create(name=name)
