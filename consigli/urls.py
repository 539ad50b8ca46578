from django.urls import path

from . import views

app_name = "consigli"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("decisioni/", views.decision_list, name="decision_list"),
    path("decisioni/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisioni/<int:pk>/aggiorna/", views.decision_update, name="decision_update"),
    path("area/<slug:slug>/", views.council_home, name="council_home"),
    path("area/<slug:slug>/riunioni/nuova/", views.meeting_create, name="meeting_create"),
    path("riunioni/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("riunioni/<int:pk>/modifica/", views.meeting_edit, name="meeting_edit"),
    path("riunioni/<int:pk>/convoca/", views.meeting_convene, name="meeting_convene"),
    path("riunioni/<int:pk>/annulla/", views.meeting_cancel, name="meeting_cancel"),
    path("riunioni/<int:pk>/riunione.ics", views.meeting_ics, name="meeting_ics"),
    path("riunioni/<int:pk>/odg/nuovo/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "riunioni/<int:pk>/odg/<int:item>/modifica/",
        views.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "riunioni/<int:pk>/odg/<int:item>/sposta/", views.agenda_item_move, name="agenda_item_move"
    ),
    path(
        "riunioni/<int:pk>/odg/<int:item>/elimina/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "riunioni/<int:pk>/odg/<int:item>/riservato/",
        views.agenda_item_confidential,
        name="agenda_item_confidential",
    ),
    path(
        "riunioni/<int:pk>/odg/<int:item>/approva-verbale/",
        views.minutes_approve,
        name="minutes_approve",
    ),
    path("riunioni/<int:pk>/documenti/nuovo/", views.document_add, name="document_add"),
    path("documenti/<int:pk>/", views.document_download, name="document_download"),
    path("riunioni/<int:pk>/presenze/", views.attendance, name="attendance"),
    path("riunioni/<int:pk>/verbale/", views.minutes_edit, name="minutes_edit"),
    path("riunioni/<int:pk>/decisioni/nuova/", views.decision_create, name="decision_create"),
    path("verbali/<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("verbali/<int:pk>/commenti/", views.minutes_comment, name="minutes_comment"),
    path("verbali/<int:pk>/errata/", views.minutes_erratum, name="minutes_erratum"),
    path("verbali/<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("<slug:slug>/", views.public_detail, name="public_detail"),
    path("<slug:slug>/verbali/<int:pk>/", views.public_minutes, name="public_minutes"),
]
