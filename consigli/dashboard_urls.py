from django.urls import path

from . import dashboard_views

app_name = "cruscotto"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("territorio/", dashboard_views.territorio, name="territorio"),
    path("segnalazioni/", dashboard_views.alerts, name="alerts"),
    path("segnalazioni/ordine-del-giorno/", dashboard_views.flag_to_agenda, name="flag_to_agenda"),
]
