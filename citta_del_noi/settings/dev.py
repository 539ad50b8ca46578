"""Local demo settings (`make run`).

SQLite and the filesystem broker unless the environment says otherwise.
"""

from .base import *  # noqa: F403
from .base import env

# Off by default so a newcomer sees the portal's own 404/500 pages; the details of an error
# are in the server's log (console). DJANGO_DEBUG=1 brings Django's debug pages back.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
# The demo may switch two-factor off; the login page then says so.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
# Files: folders under var/ unless STORAGE_BUCKET is set (base.py); static files unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files without DEBUG and without collectstatic: WhiteNoise serves them from the apps'
# and project's static folders, picking up edits.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
