from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartsConfig(AppConfig):
    name = "citta_del_noi.charts"
    label = "charts"
    verbose_name = _("Grafici")
