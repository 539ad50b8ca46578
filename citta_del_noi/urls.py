from django.contrib import admin
from django.urls import include, path

from citta_del_noi.core import views as core_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("lavori/", include("citta_del_noi.jobs.urls")),
    path("avvisi/", include("citta_del_noi.notifications.urls")),
    path("attivita/", include("cantieri.urls")),
    path("organizzazioni/", include("citta_del_noi.organizations.urls")),
    path("consigli/", include("consigli.urls")),
    path("cruscotto/", include("consigli.dashboard_urls")),
    path("agenzie/", include("agencies.urls")),
    path("bilancio-sociale/", include("bilancio_sociale.urls")),
    path("cerca/", include("citta_del_noi.search.urls")),
    path("api/", include("citta_del_noi.api.urls")),
    path("servizi/", include("agencies.finder_urls")),
    path("", include("citta_del_noi.core.urls")),
]

# Error pages in Italian with the portal's layout (citta_del_noi/core/errors.py).
handler400 = "citta_del_noi.core.errors.bad_request"
handler403 = "citta_del_noi.core.errors.permission_denied"
handler404 = "citta_del_noi.core.errors.page_not_found"
handler500 = "citta_del_noi.core.errors.server_error"
