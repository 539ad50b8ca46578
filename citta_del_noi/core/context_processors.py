from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def portal(request: HttpRequest) -> dict:
    nav = navigation_for(request)  # once per request, shared cache between requests
    menu = nav["user_menu"]
    current_group = next(
        (g for g in menu if any(t["url"] == request.path for t in g["tabs"])), None
    )
    return {
        "PORTAL_NAME": "Brescia Città del Noi",
        "public_nav": nav["public_nav"],
        "user_nav": nav["user_nav"],
        "user_menu": menu,
        # the task group of the current page: its pages as a tab bar above the content
        "current_group": current_group,
        "user_role_labels": nav["user_role_labels"],
        "MFA_REQUIRED_FOR_STAFF": settings.MFA_REQUIRED_FOR_STAFF,
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "COMUNE_NAME": settings.PORTAL_COMUNE_NAME,
        "COMUNE_URL": settings.PORTAL_COMUNE_URL,
        "COAT_OF_ARMS": settings.PORTAL_COAT_OF_ARMS,
        "COAT_OF_ARMS_IS_URL": settings.PORTAL_COAT_OF_ARMS.startswith(("https://", "http://")),
    }
