from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CantieriConfig(AppConfig):
    name = "cantieri"
    verbose_name = _("Azioni e cantieri")
