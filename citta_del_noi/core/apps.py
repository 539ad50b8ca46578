from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "citta_del_noi.core"
    label = "core"
    verbose_name = _("Portale")

    def ready(self) -> None:
        from django.conf import settings

        # kombu's filesystem transport needs its folders before the first message.
        if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
            import os

            for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
                os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)

        from . import admin_fallback, home_panels, navigation_entries  # noqa: F401

        admin_fallback.register_missing()
        admin_fallback.secure_admin_login()
