"""Settings shared by every environment. Everything that varies is read from the environment."""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "django_htmx",
    "bootstrap_italia_template",
    # shared mechanisms
    "citta_del_noi.core",
    "citta_del_noi.accounts",
    "citta_del_noi.organizations",
    "citta_del_noi.jobs",
    "citta_del_noi.charts",
    "citta_del_noi.privacy",
    "citta_del_noi.notifications",
    # domain
    "territori",
    "cantieri",
    "consigli",
    "agencies",
    "bilancio_sociale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "citta_del_noi.accounts.middleware.RequireStaffMFAMiddleware",
]

ROOT_URLCONF = "citta_del_noi.urls"
WSGI_APPLICATION = "citta_del_noi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "citta_del_noi.core.context_processors.portal",
                "citta_del_noi.notifications.context_processors.notices",
            ],
            # Italian figures (|numero, |euro, |percento) in every template, PDF and email.
            "builtins": ["citta_del_noi.charts.templatetags.numeri"],
        },
    },
]

# Database: DATABASE_URL, default an embedded SQLite file.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:area_riservata"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: email login, no public signup, TOTP with recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "citta_del_noi.accounts.adapters.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = (
    "allauth.account.forms.EmailAwarePasswordResetTokenGenerator"  # noqa: S105 - a class path
)
ACCOUNT_RATE_LIMITS = {
    # Brute-force protection: at most 5 failed logins per account every 5 minutes
    # and 10 per minute from one address.
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SESSION_REMEMBER = False
# Issue 12.1: a live session alone cannot take the account over. Adding or changing an email
# address and managing two-factor ask for the password (or a TOTP code) again when the last
# authentication is older than the timeout; changing the password asks for the current one.
# A new address replaces the old one only once confirmed from its own mailbox; the owner's
# address is told of every change; a reset is mailed only to the primary address (see
# accounts.forms.ResetPasswordForm).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("ACCOUNT_REAUTHENTICATION_TIMEOUT", default=300)
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {
    "add_email": "citta_del_noi.accounts.forms.AddEmailForm",
    "reset_password": "citta_del_noi.accounts.forms.ResetPasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Brescia Città del Noi] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "citta_del_noi.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Brescia Città del Noi"
MFA_RECOVERY_CODE_COUNT = 10
# Two-factor authentication is required for Comune staff and administrators.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Guardian: anonymous users never get object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Internationalisation: Italian first, English second.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# Cache: Redis when REDIS_URL is set, else local memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdn",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no server needed).
BROKER_DIR = VAR_DIR / "broker"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
# Visibility timeout above the hard time limit and far below an hour (notes/engineering.md),
# set in the three places the Celery docs name; the restore sweep is made quick.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=900)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # kombu sweeps for messages of dead workers every unacked_restore_interval seconds but
        # scans Redis only on every Nth sweep (the throttle, an integer: a fraction would stop
        # all sweeps after the first one). A sweep is one ZRANGE: every 10 s is cheap.
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
        # A worker killed while it held the restore lock must not block the others for the
        # default 5 minutes: the lock expires after 30 s.
        "unacked_mutex_expire": 30,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
    CELERY_VISIBILITY_TIMEOUT_GLOBAL = CELERY_VISIBILITY_TIMEOUT
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 600_000  # KiB: recycle children after big PDF builds
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
CELERY_BEAT_SCHEDULE["agencies-purge-volunteer-interests"] = {
    "task": "agencies.tasks.purge_expired_volunteer_interests",
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["cantieri-refresh-summary"] = {
    "task": "cantieri.refresh_summary",
    "schedule": 300,  # the summary tables (cantieri/summary.py)
}
CELERY_BEAT_SCHEDULE["jobs-requeue-stale"] = {
    "task": "jobs.requeue_stale",  # jobs left queued (broker down) or with a dead worker
    "schedule": 120,
}
CELERY_BEAT_SCHEDULE["cantieri-period-closing-reminders"] = {
    "task": "cantieri.period_closing_reminders",  # idempotent: once per period and organisation
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["cantieri-review-reminders"] = {
    "task": "cantieri.review_reminders",  # idempotent: once a day per staff member
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["jobs-purge-old"] = {
    "task": "jobs.purge_old",  # finished jobs and their files after JOBS_KEEP_DAYS
    "schedule": 24 * 3600,
}
CELERY_BEAT_SCHEDULE["bilancio-sociale-purge-contributors"] = {
    "task": "bilancio_sociale.purge_contributors",  # the consultation's privacy notice
    "schedule": 24 * 3600,
}
CELERY_BEAT_SCHEDULE["notifications-send-pending-emails"] = {
    "task": "notifications.send_pending_emails",  # emails of notices whose task never ran
    "schedule": 15 * 60,
}
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=90)

# Email: console in the demo, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Brescia Città del Noi <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address: every link in an email starts with it (never the host of the
# request that happened to trigger the email). `make run` sets it from HOST and PORT;
# production requires it (settings/production.py).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The Comune's identity in the header (issue 16): its name, its site (the slim header link) and
# its coat of arms (a path under the static files, or an absolute https:// URL).
PORTAL_COMUNE_NAME = env.str("PORTAL_COMUNE_NAME", default="Comune di Brescia")
PORTAL_COMUNE_URL = env.str("PORTAL_COMUNE_URL", default="https://www.comune.brescia.it/")
PORTAL_COAT_OF_ARMS = env.str("PORTAL_COAT_OF_ARMS", default="portal/stemma.svg")
# Where accessibility feedback goes (the default statement's address; staff change it in the
# admin): an office of the Comune that reads it.
ACCESSIBILITY_FEEDBACK_EMAIL = env.str(
    "ACCESSIBILITY_FEEDBACK_EMAIL", default="accessibilita@comune.brescia.it"
)

# Content Security Policy (django-csp 4): no inline scripts from third parties, no remote assets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Programme settings (data that the brief marks as editable lives in the database instead).
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=7)
PERIOD_CLOSING_REMINDER_DAYS = env.int("PERIOD_CLOSING_REMINDER_DAYS", default=7)
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMPORT_SYNC_MAX_ROWS = env.int("IMPORT_SYNC_MAX_ROWS", default=200)
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=5)
DISCLOSURE_THRESHOLD_SENSITIVE = env.int("DISCLOSURE_THRESHOLD_SENSITIVE", default=10)
# Contact point of the open data (DCAT-AP_IT dcat:contactPoint); the portal's page is always given.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")
# Bilancio Sociale: how many earlier editions every figure shows beside it (inline in each cell).
BILANCIO_PREVIOUS_EDITIONS = env.int("BILANCIO_PREVIOUS_EDITIONS", default=3)
# Bilancio Sociale: the council (slug) competent for approving an edition.
BILANCIO_APPROVING_COUNCIL = env.str("BILANCIO_APPROVING_COUNCIL", default="indirizzo")
