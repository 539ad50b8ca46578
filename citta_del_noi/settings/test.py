"""Test settings: fast hashing, eager tasks, in-memory email. DATABASE_URL picks PostgreSQL."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The query pins of the tests count the session's read: the database backend, whatever
# REDIS_URL says (production reads sessions from Redis first: cached_db in base.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
ROLE_CACHE_SECONDS = 0  # the role cache's own tests turn it on (tests/accounts/test_role_cache.py)
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
}
# Static files come from the finders in tests (no collectstatic): no STATIC_ROOT scan.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
