"""/api/v1/… (the registered viewsets), /api/schema/, /api/docs/, and the token pages."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views
from .registry import registered

app_name = "api"


class _Router(DefaultRouter):
    """Adds the root /api/v1/ listing every registered endpoint (a client finds the API from
    one address); no format suffixes: JSON is the only renderer."""

    include_format_suffixes = False


def _router() -> DefaultRouter:
    router = _Router()
    for item in registered():
        router.register(item.prefix, item.viewset, basename=item.basename)
    return router


urlpatterns = [
    path("v1/", include(_router().urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("token/", views.token_list, name="token_list"),
    path("token/<int:pk>/revoca/", views.token_revoke, name="token_revoke"),
]
