"""Production settings for the benchmark, with one change: static files without the manifest.

base.html asks for `{% static 'fonts' %}` (a folder), which the manifest storage cannot resolve
(ValueError in production settings); the compressed non-manifest storage serves the same files.
"""

from citta_del_noi.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
