"""Plain admin pages for reference models whose app has not registered its own.

Called from CoreConfig.ready(), which runs after the admin's autodiscovery, so an app that
registers a richer ModelAdmin in its own admin.py always wins.
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import secure_admin_login as allauth_secure
from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest

# (app label, model name, list_display)
REFERENCE_MODELS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cantieri", "Azione", ("number", "name", "kind")),
    ("cantieri", "TargetGroup", ("__str__",)),
    ("cantieri", "ActivityKind", ("__str__",)),
    ("cantieri", "FundingSource", ("__str__",)),
    ("agencies", "Agency", ("name", "slug")),
    ("agencies", "WelfareTargetGroup", ("label", "code", "order")),
    ("consigli", "Consiglio", ("__str__", "slug")),
]


class ReferenceAdmin(admin.ModelAdmin):
    """Slugs are stable identifiers: set when a row is created, never changed afterwards."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        has_slug = any(f.name == "slug" for f in self.model._meta.get_fields())
        return ("slug",) if obj is not None and has_slug else ()


def register_missing() -> list[str]:
    registered = []
    for app_label, model_name, display in REFERENCE_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if admin.site.is_registered(model):
            continue
        fields = {f.name for f in model._meta.get_fields()}
        model_admin = type(
            f"{model_name}FallbackAdmin",
            (ReferenceAdmin,),
            {"list_display": tuple(d for d in display if d == "__str__" or d in fields)},
        )
        admin.site.register(model, model_admin)
        registered.append(f"{app_label}.{model_name}")
    return registered


def secure_admin_login() -> None:
    """The admin's own login form would skip two-factor and the rate limits: send everyone
    through allauth's login instead (non-staff users get 403)."""

    if not getattr(admin.site.login, "_cdn_secured", False):
        secured = allauth_secure(admin.site.login)
        secured._cdn_secured = True
        admin.site.login = secured  # type: ignore[method-assign]
