from django.urls import path

from . import evidence_views, views

app_name = "cantieri"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("nuova/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/modifica/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/correzione/", views.activity_correct, name="activity_correct"),
    path("<int:pk>/invia/", views.activity_submit, name="activity_submit"),
    path("<int:pk>/restituisci/", views.activity_return, name="activity_return"),
    path("<int:pk>/approva/", views.activity_approve, name="activity_approve"),
    path("<int:pk>/elimina/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/rimuovi-dati/", views.activity_redact, name="activity_redact"),
    path("revisione/", views.review_queue, name="review_queue"),
    path("revisione/approva/", views.review_bulk_approve, name="review_bulk_approve"),
    path("organizzazioni/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("copertura/", views.coverage, name="coverage"),
    path("indicatori/", views.indicator_list, name="indicator_list"),
    path("indicatori/<int:pk>/misurazione/", views.measurement_add, name="measurement_add"),
    path("periodi/", views.period_list, name="period_list"),
    path("periodi/<int:pk>/chiusura/", views.period_lock, name="period_lock"),
    path("esporta.<str:fmt>", views.activity_export, name="activity_export"),
    path("importa/", views.import_upload, name="import_upload"),
    path("importa/modello.<str:fmt>", views.import_template, name="import_template"),
    path("importa/<int:pk>/", views.import_preview, name="import_preview"),
    path("importa/<int:pk>/esito.csv", views.import_report, name="import_report"),
    # Evidence (cantieri/evidence_views.py).
    path("<int:pk>/documentazione/", evidence_views.evidence_page, name="evidence_page"),
    path("<int:pk>/documentata/", evidence_views.activity_documented, name="activity_documented"),
    path("allegati/<int:pk>/", evidence_views.evidence_download, name="evidence_download"),
    path("allegati/<int:pk>/rimuovi/", evidence_views.evidence_remove, name="evidence_remove"),
    path("allegati/<int:pk>/pubblica/", evidence_views.evidence_publish, name="evidence_publish"),
    path(
        "cantieri/<slug:slug>/documentazione/",
        evidence_views.azione_evidence,
        name="azione_evidence",
    ),
]
