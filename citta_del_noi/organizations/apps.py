from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "citta_del_noi.organizations"
    label = "organizations"
    verbose_name = _("Organizzazioni")
