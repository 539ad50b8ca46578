from django.conf import settings
from django.http import HttpRequest

from citta_del_noi.accounts import roles

from .navigation import entries_for


def portal(request: HttpRequest) -> dict:
    user = request.user
    return {
        "PORTAL_NAME": "Brescia Città del Noi",
        "public_nav": entries_for(user, public=True),
        "user_nav": entries_for(user, public=False) if user.is_authenticated else [],
        "user_role_labels": roles.role_labels(user) if user.is_authenticated else [],
        "MFA_REQUIRED_FOR_STAFF": settings.MFA_REQUIRED_FOR_STAFF,
    }
