"""Test-only URLs: the portal's plus two views that run long or revealing queries."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def slow(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finito")


def current_timeout(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


urlpatterns = [
    path("__lento__/", slow),
    path("__timeout__/", current_timeout),
    path("", include("citta_del_noi.urls")),
]
