"""Production settings: everything from the environment, secure defaults, passes check --deploy."""

from citta_del_noi.core.statement_timeout import apply_statement_timeout

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
MFA_REQUIRED_FOR_STAFF = True
# Every link in an email starts with the portal's public address: required, absolute.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL").rstrip("/")
if not PORTAL_BASE_URL.startswith(("https://", "http://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "PORTAL_BASE_URL must be the portal's public address, e.g. "
        "https://cittadelnoi.comune.brescia.it"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# An abandoned request cannot keep the database busy: PostgreSQL cancels a web statement after
# 30 s (gunicorn's timeout is 60 s); the worker's connections get the longer worker value.
DATABASE_STATEMENT_TIMEOUT_WEB = env.str("DATABASE_STATEMENT_TIMEOUT_WEB", default="30s")
DATABASE_STATEMENT_TIMEOUT_WORKER = env.str("DATABASE_STATEMENT_TIMEOUT_WORKER", default="10min")
apply_statement_timeout(DATABASES["default"], DATABASE_STATEMENT_TIMEOUT_WEB)
if "replica" in DATABASES:  # the read replica serves web reads: the same web timeout
    apply_statement_timeout(DATABASES["replica"], DATABASE_STATEMENT_TIMEOUT_WEB)
