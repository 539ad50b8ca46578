from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "citta_del_noi.jobs"
    label = "jobs"
    verbose_name = _("Lavori in background")

    def ready(self) -> None:
        from . import handlers, tasks  # noqa: F401  (registers the tasks and built-in kinds)

        # The embedded setup (no REDIS_URL) keeps Celery results in a folder that must exist,
        # or even eager task calls fail.
        backend = str(getattr(settings, "CELERY_RESULT_BACKEND", ""))
        if backend.startswith("file://"):
            Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
