"""Settings shared by every environment. Everything that varies is read from the environment."""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from citta_del_noi.core.statement_timeout import apply_statement_timeout

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
    "citta_del_noi.search",
    "citta_del_noi.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # domain
    "territori",
    "cantieri",
    "consigli",
    "agencies",
    "bilancio_sociale",
]

MIDDLEWARE = [
    "citta_del_noi.core.replica.ReplicaMiddleware",  # first: it also sees the session's save
    "citta_del_noi.core.security_headers.PermissionsPolicyMiddleware",  # issue 12.6
    "django.middleware.security.SecurityMiddleware",
    "citta_del_noi.core.client_ip.ClientIPMiddleware",  # client IP for the logs (issue 12.6)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "citta_del_noi.accounts.role_cache.RoleCacheMiddleware",  # roles between requests (issue 14)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "citta_del_noi.accounts.middleware.RequireStaffMFAMiddleware",
    "citta_del_noi.core.statement_timeout.StatementTimeoutMiddleware",
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
# Per-connection statement timeout (PostgreSQL): "" = none (dev/test default); production sets
# 30s for the web and 10min for the worker (citta_del_noi/core/statement_timeout.py).
DATABASE_STATEMENT_TIMEOUT_WEB = env.str("DATABASE_STATEMENT_TIMEOUT_WEB", default="")
DATABASE_STATEMENT_TIMEOUT_WORKER = env.str("DATABASE_STATEMENT_TIMEOUT_WORKER", default="")
apply_statement_timeout(DATABASES["default"], DATABASE_STATEMENT_TIMEOUT_WEB)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replica (issue 14.2): with DATABASE_REPLICA_URL, the dashboards and public pages read
# from a PostgreSQL streaming replica; writes, and every read right after a write, go to the
# primary (citta_del_noi/core/replica.py). Tests mirror it onto the primary's test database.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
# URL names (or "namespace:" for all of a namespace) whose GET/HEAD may read from the replica.
DATABASE_REPLICA_VIEWS = env.list(
    "DATABASE_REPLICA_VIEWS",
    default=[
        "cruscotto:",
        "core:home",
        "core:programma",
        "core:territorio",
        "bilancio_sociale:edition_list",
        "bilancio_sociale:compare",
        "bilancio_sociale:edition_detail",
        "bilancio_sociale:in_breve",
        "bilancio_sociale:open_data",
    ],
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["citta_del_noi.core.replica.PrimaryReplicaRouter"]

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
# Issue 12.6: behind the TLS proxy every client shares the proxy's address. The client is the
# X-Forwarded-For entry TRUSTED_PROXY_COUNT places from the right (0: the header is ignored),
# for allauth's rate limits and for the logs (citta_del_noi/core/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
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
# Uploaded spreadsheets waiting for confirmation, on the filesystem (empty: MEDIA_ROOT-private).
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default="")
# Files (issue 14.2): folders on this machine by default; an S3-compatible object storage when
# STORAGE_BUCKET is set, so that every web process and worker sees the same files
# (citta_del_noi/common/storage.py). STORAGE_URL is the service's endpoint (empty: AWS S3).
STORAGE_BUCKET = env.str("STORAGE_BUCKET", default="")
STORAGE_URL = env.str("STORAGE_URL", default="")
# Downloads are streamed by the permission-checked views; with STORAGE_SIGNED_DOWNLOADS they
# redirect (after the same check) to a signed URL that expires after STORAGE_URL_EXPIRE s.
STORAGE_SIGNED_DOWNLOADS = env.bool("STORAGE_SIGNED_DOWNLOADS", default=False)
STORAGE_URL_EXPIRE = env.int("STORAGE_URL_EXPIRE", default=300)
# Where files are written before their upload to the object storage (empty: the system's tmp).
STORAGE_SCRATCH_DIR = env.str("STORAGE_SCRATCH_DIR", default="")
if STORAGE_BUCKET:
    _s3 = {
        "bucket_name": STORAGE_BUCKET,
        "endpoint_url": STORAGE_URL or None,
        "region_name": env.str("STORAGE_REGION", default="") or None,
        "access_key": env.str("STORAGE_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("STORAGE_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str("STORAGE_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket stays private: no object is public
        "querystring_auth": True,  # every URL is signed...
        "querystring_expire": STORAGE_URL_EXPIRE,  # ...and expires
        "file_overwrite": True,  # publishing_path writes the exact name it was given
    }
    _file_storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": env.str("STORAGE_MEDIA_PREFIX", default="media")},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": env.str("STORAGE_PRIVATE_PREFIX", default="private")},
        },
    }
else:
    # "private" is then PRIVATE_MEDIA_ROOT (citta_del_noi/common/storage.py: private_storage).
    _file_storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
STORAGES = {
    **_file_storages,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# Cache: Redis when REDIS_URL is set, else local memory.
REDIS_URL = env.str("REDIS_URL", default="")
# The viewer's roles kept between requests (accounts/role_cache.py): only with a cache shared by
# every web process (Redis); 0 turns it off.
ROLE_CACHE_SECONDS = env.int("ROLE_CACHE_SECONDS", default=300 if REDIS_URL else 0)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's backend with one Redis client per pool (common/redis_cache.py)
            "BACKEND": "citta_del_noi.common.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdn",
        }
    }
    # Sessions read from the shared cache, written through to the database (issue 14: a warm
    # page reads its session without a query; the database keeps them across a cache flush).
    # Only with Redis: a per-process cache would keep a logged-out session alive elsewhere.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
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
# KiB of resident memory after which a worker child is replaced (once its task ends): big PDF
# builds and imports never leave a bloated process behind. README "Caricamenti a costo limitato".
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Queues (issue 14.2): long jobs (PDF builds, imports, exports) run on the "heavy" queue, all
# the rest (emails, reminders, sweeps) on "default", so a long build never delays a reminder.
# A worker started with `-Q default` or `-Q heavy` consumes one of them; one started without -Q
# (make run, the tests' workers) consumes both. JOBS_QUEUES maps a job kind to its queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = (Queue("default"), Queue("heavy"))
JOBS_QUEUES = {
    "bilancio_sociale.build_pdf": "heavy",
    "consigli.minutes_pdf": "heavy",
    "cantieri.import": "heavy",
    "cantieri.export": "heavy",
}
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
    "schedule": env.int("JOBS_SWEEP_SECONDS", default=15),  # issue 12.5: recovery in < 60 s
}
CELERY_BEAT_SCHEDULE["cantieri-period-closing-reminders"] = {
    "task": "cantieri.period_closing_reminders",  # idempotent: once per period and organisation
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["cantieri-review-reminders"] = {
    "task": "cantieri.review_reminders",  # idempotent: once a day per staff member
    "schedule": 6 * 3600,
}
CELERY_BEAT_SCHEDULE["cantieri-sweep-orphan-evidence"] = {
    "task": "cantieri.sweep_orphan_evidence",  # evidence files with no row (killed mid-upload)
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
CELERY_BEAT_SCHEDULE["search-refresh-vocabulary"] = {
    "task": "search.refresh_vocabulary",  # the "forse cercavi" words of new public titles
    "schedule": 3600,
}
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
# Crash recovery (issue 12.5): a running job's worker stamps its row every
# JOBS_HEARTBEAT_SECONDS; the sweep requeues a job silent for JOBS_STALE_AFTER_SECONDS. The
# broker's visibility timeout (above) stays only the last resort for the message itself.
JOBS_HEARTBEAT_SECONDS = env.int("JOBS_HEARTBEAT_SECONDS", default=5)
JOBS_STALE_AFTER_SECONDS = env.int("JOBS_STALE_AFTER_SECONDS", default=30)
JOBS_SWEEP_SECONDS = CELERY_BEAT_SCHEDULE["jobs-requeue-stale"]["schedule"]
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
        # No 'unsafe-inline' (issue 12.6): no style="" nor <style> in the pages; widths of bars
        # and charts are classes in static/portal/portal.css.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Browser features no page needs (issue 12.6; citta_del_noi/core/security_headers.py).
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(self), "
        "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "screen-wake-lock=(), usb=()"
    ),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "citta_del_noi.core.log_context.ClientIPLogFilter"}},
    "formatters": {
        "portal": {"format": "%(asctime)s %(levelname)s %(name)s [%(client_ip)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "portal",
        }
    },
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
# Activity exports: a CSV of more rows than this (and every XLSX) is built by a job in the worker.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=10000)
# Activity export jobs: hard time limit = base + seconds per 1000 rows of the archive (csv/xlsx).
EXPORT_TIME_LIMIT_BASE = env.int("EXPORT_TIME_LIMIT_BASE", default=120)
EXPORT_TIME_LIMIT_PER_1000_ROWS = {
    "csv": env.float("EXPORT_TIME_LIMIT_PER_1000_ROWS_CSV", default=0.5),
    "xlsx": env.float("EXPORT_TIME_LIMIT_PER_1000_ROWS_XLSX", default=2.5),
}
# Uploads with bounded cost (citta_del_noi/uploads): checked before anything parses a file.
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_BYTES = env.int(
    "UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_BYTES", default=300 * 1024 * 1024
)
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", default=150)
UPLOAD_ARCHIVE_MAX_MEMBERS = env.int("UPLOAD_ARCHIVE_MAX_MEMBERS", default=1000)
UPLOAD_PARSE_TIME_LIMIT = env.int("UPLOAD_PARSE_TIME_LIMIT", default=300)  # seconds
# Evidence attached to activity records (README "Documentazione delle attività").
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_MAX_PER_RECORD = env.int("EVIDENCE_MAX_PER_RECORD", default=20)
EVIDENCE_MAX_PIXELS = env.int("EVIDENCE_MAX_PIXELS", default=40_000_000)
# An import job's Celery time limit: this base plus IMPORT_SECONDS_PER_1000_ROWS per 1,000 rows.
IMPORT_TIME_LIMIT_BASE = env.int("IMPORT_TIME_LIMIT_BASE", default=300)
IMPORT_SECONDS_PER_1000_ROWS = env.int("IMPORT_SECONDS_PER_1000_ROWS", default=30)
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=5)
DISCLOSURE_THRESHOLD_SENSITIVE = env.int("DISCLOSURE_THRESHOLD_SENSITIVE", default=10)
# Contact point of the open data (DCAT-AP_IT dcat:contactPoint); the portal's page is always given.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")
# Bilancio Sociale: how many earlier editions every figure shows beside it (inline in each cell).
BILANCIO_PREVIOUS_EDITIONS = env.int("BILANCIO_PREVIOUS_EDITIONS", default=3)
# Bilancio Sociale: the council (slug) competent for approving an edition.
BILANCIO_APPROVING_COUNCIL = env.str("BILANCIO_APPROVING_COUNCIL", default="indirizzo")

# API (README "API"): tokens and sessions, read-only for anonymous callers, per-token rates in
# the cache (Redis in production). Schema and Swagger UI from static files (no CDN).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "citta_del_noi.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
        "citta_del_noi.api.auth.TokenScopeAllowsWrite",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "citta_del_noi.api.auth.TokenRateThrottle",
        "citta_del_noi.api.auth.SessionUserThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="600/hour"),
        "user": env.str("API_RATE_USER", default="1200/hour"),
        "anon": env.str("API_RATE_ANON", default="300/hour"),
    },
    "DEFAULT_PAGINATION_CLASS": "citta_del_noi.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Brescia Città del Noi — API",
    "DESCRIPTION": "Dati pubblici del programma e registrazione delle attività dei partner.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
# Service finder ("Trova un servizio", agencies/views/finder.py): the raster tiles of its map.
# The tile server's origin is added to the finder page's img-src only.
FINDER_TILE_URL = env.str(
    "FINDER_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
FINDER_TILE_ATTRIBUTION = env.str(
    "FINDER_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
