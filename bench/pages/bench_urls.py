"""The project's URLs plus the benchmark's trivial view (bench settings only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/ok/", trivial),
    path("", include("citta_del_noi.urls")),
]
