from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "citta_del_noi.notifications"
    label = "notifications"
    verbose_name = _("Avvisi")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the email task)
