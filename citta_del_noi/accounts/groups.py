"""The groups behind the administrator and Comune staff roles, with their model permissions.

Comune staff maintain the reference data in the Django admin (territory, organisations, the
programme's actions and reference lists, agencies, councils) and create accounts; they do not
delete territory or programme structure, and they cannot grant staff or administrator rights
(see UserAdmin). Administrators are superusers.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import GROUP_ADMIN, GROUP_STAFF

# app label → {model: actions}. Models missing from the database are skipped silently, so
# an app that is not migrated yet does not break the call.
STAFF_MODEL_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "territori": {
        "zona": ("view", "change"),
        "serviziosocialeterritoriale": ("view", "change"),
        "quartiere": ("view", "change"),
        "popolazionequartiere": ("view", "add", "change", "delete"),
        "puntocomunita": ("view", "add", "change"),
    },
    "organizations": {
        "organization": ("view", "add", "change"),
        "membership": ("view", "add", "change"),
    },
    "accounts": {"user": ("view", "add", "change")},
    "cantieri": {
        "azione": ("view", "change"),
        "targetgroup": ("view", "add", "change"),
        "activitykind": ("view", "add", "change"),
        "fundingsource": ("view", "add", "change"),
    },
    "agencies": {
        "agency": ("view", "change"),
        "welfaretargetgroup": ("view", "add", "change"),
    },
    "consigli": {"consiglio": ("view", "change")},
    "jobs": {"job": ("restart",)},  # restart a stuck job (citta_del_noi/jobs/recovery.py)
    "core": {
        "accessibilitystatement": ("view", "add", "change"),
        "nonaccessiblecontent": ("view", "add", "change", "delete"),
    },
}


def staff_permissions() -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, models in STAFF_MODEL_PERMISSIONS.items():
        for model, actions in models.items():
            query |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return list(Permission.objects.filter(query))


def ensure_groups() -> None:
    """Create both groups and give Comune staff their model permissions (idempotent)."""
    Group.objects.get_or_create(name=GROUP_ADMIN)
    staff, _created = Group.objects.get_or_create(name=GROUP_STAFF)
    staff.permissions.add(*staff_permissions())
