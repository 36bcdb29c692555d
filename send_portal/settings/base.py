"""Settings read from the environment, with an embedded default.

No configuration at all gives the *embedded default*: a SQLite file under ``var/``, Celery tasks
run eagerly in-process, e-mail printed to the console and a local-memory cache. Setting
``DATABASE_URL`` (PostgreSQL 15+, psycopg 3) and ``CELERY_BROKER_URL``/``REDIS_URL`` switches to
the *full stack*. ``send_portal.settings.production`` hardens this profile for deployment.

Every variable read here is listed in ``ENVIRONMENT_VARIABLES`` so that ``docker-compose.yml``
can be checked against it (tests/send_portal/test_docker_compose.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _shared_data() -> Path:
    """The project's shared reference data (DfE statistics, the GIAS schools extract, postcode
    centroids: ``shared/data/README.md``): ``SEND_PORTAL_SHARED_DATA`` if set, else ``shared/data``
    beside the repository, else the machine-wide ``/work/shared/data`` (a clone made elsewhere,
    such as CI's)."""
    configured = os.environ.get("SEND_PORTAL_SHARED_DATA")
    if configured:
        return Path(configured)
    candidates = [BASE_DIR.parent / "shared" / "data", Path("/work/shared/data")]
    return next((c for c in candidates if (c / "README.md").exists()), candidates[0])


SEND_PORTAL_SHARED_DATA = _shared_data()
VAR_DIR = Path(os.environ.get("SEND_PORTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The variables the settings read (documented in README.md and used by docker-compose.yml).
ENVIRONMENT_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "COUNCIL_NAME",
    "SEND_PORTAL_VAR_DIR",
    "SECURE_SSL_REDIRECT",
    "CELERY_VISIBILITY_TIMEOUT",
    "NOTIFY_API_KEY",
    "NOTIFY_EMAIL_TEMPLATE_ID",
    "SEND_PORTAL_DEMO",
    "RETENTION_APPLY",
    "ERASURE_LEDGER_PATH",
    "TRUSTED_PROXY_COUNT",
)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Development-only key; the production profile refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SERVICE_NAME = "SEND Partnership Portal"
#: The council or partnership that runs the service: the one place its name is set. The header,
#: page titles and footer name it; unset, they name the service alone (never a made-up operator).
#: ``scripts/demo.sh`` sets it to the demo's (``send_portal.demo.DEMO_OPERATOR``).
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "").strip()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "guardian",
    "axes",
    "csp",
    "send_portal",
    "partnerships",
    "ehcp",
    "ehcp.redress",
    "ehcp.reviews",
    "standards",
    "tailored_lists",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the address is refused with a 400 before it can reach PostgreSQL.
    "send_portal.security.nul_bytes.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor authentication for staff (send_portal/security): django-otp marks the session's
    # verified device; ours sends unverified staff to enter their code.
    "django_otp.middleware.OTPMiddleware",
    "send_portal.security.middleware.StaffTwoFactorMiddleware",
    # Cache-Control: no-store on every response to a signed-in person or an API token.
    "send_portal.security.cache.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last: it turns a lock-out into the throttled sign-in page.
    "axes.middleware.AxesMiddleware",
]

# Widgets render with the project templates (GOV.UK date input lives in templates/includes).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "send_portal.urls"
WSGI_APPLICATION = "send_portal.wsgi.application"

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
                "send_portal.context_processors.service",
            ],
            "builtins": ["send_portal.templatetags.portal"],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL when DATABASE_URL is set -----------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'send_portal.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FULL_STACK = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Users, sign-in and passwords ----------------------------------------------------------------
AUTH_USER_MODEL = "send_portal.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out person is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after 8 hours, or 30 minutes idle (the idle timeout is refreshed on each request);
# staff sessions also end when the browser closes (send_portal/security).
SESSION_COOKIE_AGE = 30 * 60
SESSION_MAX_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Two-factor authentication (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "SEND Partnership Portal"
# The demo (`make demo` sets SEND_PORTAL_DEMO=1): the sign-in pages show the demo accounts'
# shared authenticator secret and current code. Never on in production (production.py).
DEMO_MODE = env_bool("SEND_PORTAL_DEMO", default=False)

# The reverse proxies in front of the portal: exactly this many entries at the right of
# X-Forwarded-For are trusted for the client's address (send_portal/client.py). One
# setting for the sign-in lock-out, the password reset limits, the audit log and the API's rate
# limits (REST_FRAMEWORK["NUM_PROXIES"] below). 0: no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

# Sign-in lock-out with django-axes (send_portal/security/lockout.py): failures are counted per
# e-mail address in its one normal form (AXES_USERNAME_CALLABLE) and per client address behind
# the proxies (AXES_CLIENT_IP_CALLABLE), over AXES_COOLOFF_TIME; reaching any of these limits
# refuses sign-in for the rest of that time. The account-wide limit does not apply to a browser
# the account has signed in from before, so a stranger cannot lock a family out by flooding.
SIGN_IN_FAILURE_LIMITS = {"account_and_address": 5, "address": 20, "account": 10}
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMITS["account_and_address"]
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "send_portal.security.lockout.PortalAxesHandler"
AXES_USERNAME_CALLABLE = "send_portal.security.lockout.username_for_axes"
AXES_CLIENT_IP_CALLABLE = "send_portal.security.lockout.client_ip_for_axes"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Password reset e-mails (send_portal/views/auth.py): per e-mail address and per client
# address, in an hour; every request counts, whether or not the account exists.
PASSWORD_RESET_LIMITS = {"account": 3, "address": 10}
PASSWORD_RESET_WINDOW = 60 * 60

# --- Internationalisation: statutory dates are UK dates -------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

# --- Static files (GOV.UK Frontend built into static/dist by scripts/build_frontend.mjs) --------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True
# Uploaded and generated files are private: never under a public URL, served only through views
# that check permissions.
MEDIA_ROOT = VAR_DIR / "private"
MEDIA_URL = "/files-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Evidence uploaded to cases (ehcp/uploads): the largest file accepted, checked while the
# request body streams in (bigger uploads are stopped, never stored), and the private directory
# the files live in (None: MEDIA_ROOT/uploads). No URL pattern serves either directory.
SEND_PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# A Word or OpenDocument file may not expand to more than this when opened (a zip bomb), nor
# more than 100 times its size (ehcp/uploads/packages.py, docs/adr/0008).
SEND_PORTAL_UPLOAD_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
SEND_PORTAL_UPLOADS_ROOT = None

# --- Cache and Celery: Redis in the full stack, in-process by default ----------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "send_portal",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Eager mode still asks kombu for a producer (for its serializer): with a host in the in-memory
# URL, kombu does not warn "No hostname was supplied" on every task (seed_demo printed it).
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Reliability (docs/adr/0005-exactly-once-reminders.md): a task is acknowledged only when it has
# finished, so a worker that dies mid-task leaves it to be redelivered; every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Default limits; the reminder sweep (30 min) and PDFs (2 min) set their own in tasks.py. Time
# limits are enforced by the prefork pool (the default); the solo pool used in tests ignores them.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Memory: a prefork child that grows past this (KiB; WeasyPrint on a long plan can take a few
# hundred MB) is replaced after its current task, and every child is replaced after 500 tasks.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 600_000
CELERY_WORKER_MAX_TASKS_PER_CHILD = 500
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for Redis to come back
# An unacknowledged task (its worker died) is redelivered after the visibility timeout. It must be
# longer than the longest task (the sweep's hard limit, 30 min) plus its longest retry countdown.
# CELERY_VISIBILITY_TIMEOUT shortens it for the reliability tests.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT") or 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for tasks to redeliver every few seconds (kombu's default is about every 100 s).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 3)),
    "unacked_restore_throttle": 1,
    # While Redis is down, the web's publish fails fast (the outbox keeps the message).
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Periodic tasks (run by `celery -A send_portal beat`). Documented in README.md ("Worker and beat").
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox: e-mails left pending (broker down, retry not queued) and deliveries whose worker
    # died mid-send (marked "unknown" for the council to check, never re-sent silently).
    "dispatch-pending-emails": {
        "task": "send_portal.tasks.dispatch_pending_emails",
        "schedule": 60.0,
    },
    # PDFs requested while the broker was down, or left half-made by a worker that died.
    "dispatch-pending-documents": {
        "task": "send_portal.tasks.dispatch_pending_documents",
        "schedule": 300.0,
    },
    # THE deadline reminder sweep: every source (assessment, advice, family dates, Tribunal
    # orders, mediation...), at 5 past each hour, so a council's reminders go out early in the
    # working day and a missed run catches up; the daily digests go with the first run after
    # REMINDER_DIGEST_HOUR. Each reminder has a stable key, so repeats send nothing twice.
    "deadline-reminder-sweep": {
        "task": "send_portal.tasks.run_reminder_sweep",
        "schedule": crontab(minute=5),
    },
    # Retention (send_portal/retention.py): on the 1st of each month at 02:30, list every record
    # past its retention date; erase or delete them only where RETENTION_APPLY is switched on.
    "retention-sweep": {
        "task": "send_portal.retention.run_retention",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
    },
    # Dashboards: recalculate every council's summary figures nightly (dashboards/summaries.py;
    # writes mark them stale as they happen, this catches any write made past the model signals).
    "dashboard-summaries-nightly": {
        "task": "dashboards.tasks.refresh_all_summaries",
        "schedule": crontab(hour=3, minute=15),
    },
}
#: Retention and erasure (send_portal/retention.py, send_portal/erasure.py). Off by default: the
#: monthly sweep reports what is past retention and changes nothing until the council decides to
#: let it erase (RETENTION_APPLY=true). RETENTION_PERIODS overrides a rule's period by its key.
RETENTION_APPLY = env_bool("RETENTION_APPLY", default=False)
RETENTION_PERIODS: dict[str, int] = {}
#: The erasure ledger (child ids only), kept apart from database backups (docs/backups.md).
ERASURE_LEDGER_PATH = os.environ.get("ERASURE_LEDGER_PATH") or str(VAR_DIR / "erasure-ledger.jsonl")
#: Local hour (Europe/London) from which the sweep sends the daily digests.
REMINDER_DIGEST_HOUR = 6

# --- E-mail: console by default, SMTP when EMAIL_HOST is set --------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "send-portal@example.gov.uk")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 30
# How outbox e-mails leave (send_portal/delivery.py): Django's e-mail backend above (SMTP), or
# GOV.UK Notify when NOTIFY_API_KEY is set (one generic template with ((subject)) and ((body))).
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
EMAIL_DELIVERY_BACKEND = (
    "send_portal.delivery.NotifyBackend" if NOTIFY_API_KEY else "send_portal.delivery.SMTPBackend"
)

# --- Content Security Policy (django-csp): no inline script or style without a nonce -----------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Django REST framework: the API under /api/v1/ (send_portal/api, docs/adr/0006) ---------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "send_portal.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "send_portal.api.authentication.TokenScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "send_portal.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "send_portal.api.throttling.AnonThrottle",
        "send_portal.api.throttling.UserThrottle",
        "send_portal.api.throttling.TokenThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "send_portal.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client's address for the rate limits: TRUSTED_PROXY_COUNT (never None, which would
    # trust whatever X-Forwarded-For a client sends).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# Rate limits (send_portal/api/throttling.py reads them on each request).
API_THROTTLE_RATES = {"anon": "120/minute", "user": "600/minute", "token": "1200/minute"}
SPECTACULAR_SETTINGS = {
    "TITLE": "SEND Partnership Portal API",
    "DESCRIPTION": (
        "EHC needs assessments and plans, mediation and appeals, National Standards and local "
        "inclusion plans. Everything a person or token cannot see is a 404. Dates are "
        "YYYY-MM-DD; every statutory date carries its legal basis. Errors have one body: "
        "`{status, title, detail, errors}`."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStage": "ehcp.models.Stage",
        "PlanStatus": "ehcp.models.Plan.Status",
        "AdviceRequestStatus": "ehcp.models.AdviceRequest.Status",
        "CatalogueVersionStatus": "standards.models.CatalogueVersion.Status",
        "InclusionPlanVersionStatus": "partnerships.models.PlanVersion.Status",
        "MediationStatus": "ehcp.redress.models.MediationCase.Status",
        "NeedSection": "ehcp.api.serializers.NEED_SECTION_CHOICES",
        "ProvisionSection": "ehcp.api.serializers.PROVISION_SECTION_CHOICES",
        "DeadlineStatus": [
            "met",
            "met_late",
            "overdue",
            "due_today",
            "due_soon",
            "on_track",
            "not_applicable",
        ],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "send_portal.api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- django-guardian: explicit per-object shares (see send_portal/permissions.py) --------------
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "send_portal": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
