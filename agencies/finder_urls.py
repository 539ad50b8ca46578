"""The public service finder, at /servizi/ (namespace "finder")."""

from django.urls import path

from . import views

app_name = "finder"

urlpatterns = [
    path("", views.finder, name="index"),
    path("<int:pk>/", views.finder_unit, name="unit"),
]
