from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsigliConfig(AppConfig):
    name = "consigli"
    verbose_name = _("Consigli")
