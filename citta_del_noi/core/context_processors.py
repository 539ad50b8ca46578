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
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "COMUNE_NAME": settings.PORTAL_COMUNE_NAME,
        "COMUNE_URL": settings.PORTAL_COMUNE_URL,
        "COAT_OF_ARMS": settings.PORTAL_COAT_OF_ARMS,
        "COAT_OF_ARMS_IS_URL": settings.PORTAL_COAT_OF_ARMS.startswith(("https://", "http://")),
    }
