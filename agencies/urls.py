from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.index, name="index"),
    # internal tools (staff and the agency's referents)
    path("lavoro/", views.workspace, name="workspace"),
    path("lavoro/bisogni/<int:pk>/collega/", views.need_link, name="need_link"),
    path("lavoro/bisogni/<int:pk>/scollega/", views.need_unlink, name="need_unlink"),
    path("lavoro/bisogni/<int:pk>/storia/", views.need_history, name="need_history"),
    path("lavoro/bisogni/<int:pk>/rimuovi-dati/", views.need_redact, name="need_redact"),
    path("lavoro/servizi/importa/", views.serviceunit_import, name="serviceunit_import"),
    path(
        "lavoro/servizi/modello.<str:fmt>", views.serviceunit_template, name="serviceunit_template"
    ),
    path("lavoro/newsletter/<int:pk>/invia/", views.newsletter_send, name="newsletter_send"),
    path("lavoro/bandi/<int:pk>/gestione/", views.call_manage, name="call_manage"),
    path("lavoro/bandi/<int:pk>/valutatori/", views.call_assign, name="call_assign"),
    path("lavoro/bandi/<int:pk>/assegna/", views.call_award, name="call_award"),
    path("lavoro/bandi/<int:pk>/<str:action>/", views.call_action, name="call_action"),
    path("lavoro/<str:tool>/", views.tool_list, name="tool_list"),
    path("lavoro/<str:tool>/nuovo/", views.tool_create, name="tool_create"),
    path("lavoro/<str:tool>/<int:pk>/", views.tool_detail, name="tool_detail"),
    path("lavoro/<str:tool>/<int:pk>/modifica/", views.tool_edit, name="tool_edit"),
    # public pages
    path("notizie/", views.news_list, name="news_list"),
    path("notizie/<int:pk>/", views.news_detail, name="news_detail"),
    path("eventi/", views.event_list, name="event_list"),
    path("eventi/calendario.ics", views.event_feed, name="event_feed"),
    path("eventi/<int:pk>/", views.event_detail, name="event_detail"),
    path("volontariato/", views.volunteer_call_list, name="volunteer_call_list"),
    path("volontariato/<int:pk>/", views.volunteer_call_detail, name="volunteer_call_detail"),
    path("bisogni/", views.needs_public, name="needs_public"),
    path("mappa-welfare/", views.welfare_map, name="welfare_map"),
    path("biblioteca/", views.library, name="library"),
    path("newsletter/", views.newsletter_subscribe, name="newsletter_subscribe"),
    path("newsletter/conferma/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path(
        "newsletter/cancella/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("bandi/", views.call_public_list, name="call_public_list"),
    path("bandi/mie-domande/", views.my_applications, name="my_applications"),
    path("bandi/<int:pk>/", views.call_public_detail, name="call_public_detail"),
    path("bandi/<int:pk>/domanda/", views.call_apply, name="call_apply"),
    path("valutazioni/", views.evaluations, name="evaluations"),
    path("valutazioni/<int:pk>/", views.evaluation_score, name="evaluation_score"),
    path("cantieri/<slug:slug>/", views.azione_page, name="azione_page"),
    path("punti-comunita/<slug:slug>/", views.punto_page, name="punto_page"),
    path("pagine/<str:kind>/<slug:slug>/modifica/", views.page_edit, name="page_edit"),
    path("<slug:slug>/", views.agency_detail, name="agency_detail"),
]
