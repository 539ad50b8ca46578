from django.urls import path

from . import views

app_name = "bilancio_sociale"

urlpatterns = [
    # public (no login)
    path("", views.edition_list, name="edition_list"),
    path("confronta/", views.compare, name="compare"),
    path(
        "contributi/conferma/<str:token>/", views.contribution_confirm, name="contribution_confirm"
    ),
    path("contributi/<int:pk>/", views.contribution_public, name="contribution_public"),
    path("consultazione/<slug:slug>/", views.consultation, name="consultation"),
    path("consultazione/<slug:slug>/contribuisci/", views.contribute, name="contribute"),
    # staff
    path("gestione/", views.staff_list, name="staff_list"),
    path("gestione/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("gestione/<int:pk>/modifica/", views.staff_update, name="staff_update"),
    path("gestione/<int:pk>/anteprima/", views.preview, name="preview"),
    path("gestione/<int:pk>/anteprima/<slug:key>/", views.section_preview, name="section_preview"),
    path("gestione/<int:pk>/sezioni/<slug:key>/", views.section_edit, name="section_edit"),
    path("gestione/<int:pk>/consultazione/", views.open_consultation, name="open_consultation"),
    path("gestione/<int:pk>/aggiorna-dati/", views.snapshot_refresh, name="snapshot_refresh"),
    path("gestione/<int:pk>/approvazione/", views.approve, name="approve"),
    path(
        "gestione/<int:pk>/riporta-in-consultazione/",
        views.reopen_consultation,
        name="reopen_consultation",
    ),
    path("gestione/<int:pk>/pubblica/", views.publish, name="publish"),
    path("gestione/<int:pk>/correzione/", views.correction, name="correction"),
    path("gestione/<int:pk>/versioni/<int:number>/pdf/", views.build_pdf, name="build_pdf"),
    path("gestione/<int:pk>/contributi/", views.moderation, name="moderation"),
    path("gestione/contributi/<int:pk>/", views.contribution_review, name="contribution_review"),
    # a published edition
    path("<slug:slug>/", views.edition_detail, name="edition_detail"),
    path("<slug:slug>/in-breve/", views.in_breve, name="in_breve"),
    path("<slug:slug>/versioni/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<slug:slug>/dati/", views.open_data, name="open_data"),
    path("<slug:slug>/dati/dcat-ap-it.jsonld", views.dcat, name="dcat"),
    path("<slug:slug>/dati/<slug:section>/<slug:block>.csv", views.block_csv, name="block_csv"),
    path(
        "<slug:slug>/dati/<slug:section>/<slug:block>.schema.json",
        views.block_schema,
        name="block_schema",
    ),
    path("<slug:slug>/dati/<slug:section>/<slug:block>.json", views.block_json, name="block_json"),
]
