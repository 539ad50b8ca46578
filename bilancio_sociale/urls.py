from django.urls import path  # noqa: F401

app_name = "bilancio_sociale"

urlpatterns: list = []
