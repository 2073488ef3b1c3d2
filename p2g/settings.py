"""Settings for p2g, read only from environment variables.

The defaults run on a fresh machine with nothing but Python: an SQLite file, a
broker on the file system (no Redis), emails written to a folder. Set
DATABASE_URL and REDIS_URL to run on PostgreSQL and Redis. Every variable is
documented in README.md.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Local state of the embedded defaults (SQLite file, file-system broker, emails, uploads).
VAR_DIR = Path(env.str("P2G_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="django-insecure-development-key-set-DJANGO_SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("P2G_SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_filters",
    "django_countries",
    "django_celery_beat",
    "simple_history",
    "accounts",
    "communities",
    "partnerships",
    "programs",
    "volunteers",
    "notifications",
    "impact",
    "demo",
    "p2g",  # site-wide template tags (p2g/templatetags)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # After authentication and LocaleMiddleware: a signed-in person's own language, then the welcome form.
    "accounts.middleware.PreferredLanguageMiddleware",
    "accounts.middleware.OnboardingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "p2g.urls"
WSGI_APPLICATION = "p2g.wsgi.application"
ASGI_APPLICATION = "p2g.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "volunteers.context_processors.portal",
                "partnerships.context_processors.workspace",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'p2g.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits need a cache shared by every web worker) -----
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, for which a down or hung Redis is a miss, not an error page.
            "BACKEND": "p2g.cache.ResilientRedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "breaker_seconds": 15},
            "KEY_PREFIX": "p2g",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "p2g_cache",
        }
    }

# --- Users and authentication ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
}
# Emails in each recipient's language; sign-in lands in the person's language, then onboarding.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Opening the verification link in the browser that signed up signs the person in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A reset or invitation link proves the mailbox: setting the password signs the person in.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Tell people when their password or email address changes (in their language, see the adapter).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Rate limits count per client IP: behind the TLS proxy (DJANGO_BEHIND_PROXY) the client is the
# last address the proxy appends to X-Forwarded-For, not the proxy itself (which would make every
# visitor share one limit).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int(
    "ALLAUTH_TRUSTED_PROXY_COUNT", default=1 if env.bool("DJANGO_BEHIND_PROXY", default=False) else 0
)
# Django's own admin sign-in is outside allauth's limits: accounts.admin_login counts its failures.
P2G_ADMIN_LOGIN_ATTEMPTS = env.int("P2G_ADMIN_LOGIN_ATTEMPTS", default=5)
P2G_ADMIN_LOGIN_WINDOW_SECONDS = env.int("P2G_ADMIN_LOGIN_WINDOW_SECONDS", default=300)

# --- Languages and time -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("he", _("Hebrew"))]
# The project's catalogue first, then Hebrew for libraries that ship none (locale/update.sh).
# locale: every string of the project; overrides: plainer, gender-inclusive Hebrew for some of
# allauth's own strings; libraries: Hebrew for libraries that ship none (see locale/update.sh).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides", BASE_DIR / "locale" / "libraries"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("P2G_DEFAULT_TIME_ZONE", default="Asia/Jerusalem")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# modeltranslation's tabbed admin would fetch jQuery UI from a CDN: serve the copy in static/vendor.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "he"), "he": ("he", "en"), "en": ("en", "he")}
LANGUAGE_COOKIE_SECURE = env.bool("DJANGO_SECURE", default=False)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Upload limits: attachments are checked per field (see P2G_MAX_UPLOAD_MB); requests are bounded here.
P2G_MAX_UPLOAD_MB = env.int("P2G_MAX_UPLOAD_MB", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Meeting attachments: these file types only (checked by name and by content), P2G_MAX_UPLOAD_MB each.
P2G_ATTACHMENT_EXTENSIONS = env.list(
    "P2G_ATTACHMENT_EXTENSIONS",
    default=["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt", "csv", "png", "jpg", "jpeg"],
)
# A published summary carries its attachments up to this total size; larger ones go as links.
P2G_SUMMARY_ATTACHMENTS_MAX_MB = env.int("P2G_SUMMARY_ATTACHMENTS_MAX_MB", default=15)

# --- Committee workspace and dashboards ---------------------------------------------
# Budget lines keep their currency; dashboards add them up in this one (programs.ExchangeRate).
P2G_REPORTING_CURRENCY = env.str("P2G_REPORTING_CURRENCY", default="USD")
# Terms ending within this many days are flagged on the roster.
P2G_TERM_ENDING_SOON_DAYS = env.int("P2G_TERM_ENDING_SOON_DAYS", default=90)
# A committee is warned of imbalance when the smaller side holds less than this share of its members.
P2G_SIDE_BALANCE_MIN_SHARE = env.float("P2G_SIDE_BALANCE_MIN_SHARE", default=0.4)
# Rendered dashboards are kept this long (each process), refreshed at once when their data changes; 0 = off.
P2G_DASHBOARD_CACHE_SECONDS = env.int("P2G_DASHBOARD_CACHE_SECONDS", default=300)

# --- Email ----------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "emails"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partnership2Gether <no-reply@p2g.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("broker", "broker-processed", "broker-control"):
        (VAR_DIR / _folder).mkdir(exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # A hung Redis must not hang the website: short timeouts, bounded retries.
        "socket_timeout": 1,
        "socket_connect_timeout": 1,
        "max_retries": 1,
        # kombu waits 2 s before its one retry by default: a page must not.
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "visibility_timeout": 3600,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Notifications (notifications/) ---------------------------------------------
# Deliveries handed to one worker task (and sent over one SMTP connection).
P2G_NOTIFY_BATCH_SIZE = env.int("P2G_NOTIFY_BATCH_SIZE", default=200)
# A worker's claim on a batch; a claim that runs out (the worker died) is taken up again.
P2G_NOTIFY_LEASE_SECONDS = env.int("P2G_NOTIFY_LEASE_SECONDS", default=600)
# Temporary SMTP failures are retried after base × 2^(attempt − 1) seconds, at most the cap, this many times.
P2G_NOTIFY_RETRY_BASE_SECONDS = env.int("P2G_NOTIFY_RETRY_BASE_SECONDS", default=60)
P2G_NOTIFY_RETRY_MAX_SECONDS = env.int("P2G_NOTIFY_RETRY_MAX_SECONDS", default=6 * 3600)
P2G_NOTIFY_MAX_ATTEMPTS = env.int("P2G_NOTIFY_MAX_ATTEMPTS", default=8)
# A delivery handed to the broker but not taken within this time is handed again by the sweep.
P2G_NOTIFY_REQUEUE_SECONDS = env.int("P2G_NOTIFY_REQUEUE_SECONDS", default=300)
# After the broker fails, the website stops trying it for this long (the sweep sends what waits).
P2G_BROKER_BREAKER_SECONDS = env.int("P2G_BROKER_BREAKER_SECONDS", default=30)
# Shift reminders, hours before the shift.
P2G_SHIFT_REMINDER_HOURS = env.list("P2G_SHIFT_REMINDER_HOURS", cast=int, default=[48, 3])
# Local hour from which daily digests go out, in each recipient's time zone.
P2G_DIGEST_HOUR = env.int("P2G_DIGEST_HOUR", default=7)

# --- Collective impact: the public call for partners ----------------------------
# A form sent faster than this after it was shown is refused (a robot), and one older than the second.
P2G_PARTNER_CALL_MIN_SECONDS = env.float("P2G_PARTNER_CALL_MIN_SECONDS", default=4)
P2G_PARTNER_CALL_MAX_AGE_HOURS = env.float("P2G_PARTNER_CALL_MAX_AGE_HOURS", default=24)
# Applications per client IP and per email address (allauth's rate format).
P2G_PARTNER_CALL_RATE_LIMITS = {
    "ip": env.str("P2G_PARTNER_CALL_RATE_IP", default="5/h/ip,20/d/ip"),
    "email": env.str("P2G_PARTNER_CALL_RATE_EMAIL", default="3/d/key"),
}

# --- Security -----------------------------------------------------------------
DJANGO_SECURE = env.bool("DJANGO_SECURE", default=False)
SECURE_SSL_REDIRECT = DJANGO_SECURE
SESSION_COOKIE_SECURE = DJANGO_SECURE
CSRF_COOKIE_SECURE = DJANGO_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if DJANGO_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = DJANGO_SECURE
SECURE_HSTS_PRELOAD = DJANGO_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
