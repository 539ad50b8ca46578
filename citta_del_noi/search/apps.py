from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "citta_del_noi.search"
    label = "search"
    verbose_name = _("Ricerca nel portale")
