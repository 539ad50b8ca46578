from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilancioSocialeConfig(AppConfig):
    name = "bilancio_sociale"
    verbose_name = _("Bilancio Sociale")
