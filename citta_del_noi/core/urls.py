from django.urls import path

from . import pa_pages, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("programma/", views.programma, name="programma"),
    path("territorio/", views.territorio, name="territorio"),
    path("area-riservata/", views.area_riservata, name="area_riservata"),
    path("accessibilita/", pa_pages.accessibility_page, name="accessibilita"),
    path("cookie/", pa_pages.cookie_page, name="cookie"),
    path("privacy/", views.static_page, {"template": "core/privacy.html"}, name="privacy"),
    path(
        "note-legali/", views.static_page, {"template": "core/note_legali.html"}, name="note_legali"
    ),
]
