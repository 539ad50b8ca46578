from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriConfig(AppConfig):
    name = "territori"
    verbose_name = _("Territori")
