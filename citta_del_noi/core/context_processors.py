from django.conf import settings
from django.http import HttpRequest

from citta_del_noi.accounts import roles

from .navigation import entries_for, menu_for


def portal(request: HttpRequest) -> dict:
    user = request.user
    menu = menu_for(user) if user.is_authenticated else []
    current_group = next(
        (g for g in menu if any(t["url"] == request.path for t in g["tabs"])), None
    )
    return {
        "PORTAL_NAME": "Brescia Città del Noi",
        "public_nav": entries_for(user, public=True),
        "user_nav": entries_for(user, public=False) if user.is_authenticated else [],
        "user_menu": menu,
        # the task group of the current page: its pages as a tab bar above the content
        "current_group": current_group,
        "user_role_labels": roles.role_labels(user) if user.is_authenticated else [],
        "MFA_REQUIRED_FOR_STAFF": settings.MFA_REQUIRED_FOR_STAFF,
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "COMUNE_NAME": settings.PORTAL_COMUNE_NAME,
        "COMUNE_URL": settings.PORTAL_COMUNE_URL,
        "COAT_OF_ARMS": settings.PORTAL_COAT_OF_ARMS,
        "COAT_OF_ARMS_IS_URL": settings.PORTAL_COAT_OF_ARMS.startswith(("https://", "http://")),
    }
