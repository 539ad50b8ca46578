from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "citta_del_noi.jobs"
    label = "jobs"
    verbose_name = _("Lavori in background")
