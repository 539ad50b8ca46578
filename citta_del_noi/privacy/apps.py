from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "citta_del_noi.privacy"
    label = "privacy"
    verbose_name = _("Dati personali")
