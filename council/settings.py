"""Settings for Ratsprotokoll, configured by environment variables.

Without any variables set this is a local trial set-up: DEBUG on, an SQLite file
under var/. Production sets DATABASE_URL (postgres://…), SECRET_KEY, DEBUG=false
and ALLOWED_HOSTS; see README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-trial-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "council.apps.AdminConfig",  # django.contrib.admin, answering 404 for unknown objects
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "council",
    "minutes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Up here, so that what WhiteNoise and the kept copies answer early carries these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy and Permissions-Policy headers on every response (below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept pages and PDFs of published protocols, for visitors without a login, answered as
    # early as WhiteNoise answers for static files (minutes/portal/copies.py).
    "minutes.portal.copies.KeptCopiesMiddleware",
    # Django's session and locale middleware, made so that visitors without a login get
    # pages a cache can keep: no cookie, no Vary (council/middleware.py).
    "council.middleware.SessionMiddleware",
    "council.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the logged-in user on every history entry (minutes.models, drafting).
    "simple_history.middleware.HistoryRequestMiddleware",
    # A signed protocol whose stored document is gone: error page and log, never live rows.
    "minutes.middleware.RecordMissingMiddleware",
    # Answers a login (or signature) refused after too many wrong passwords (django-axes).
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "council.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "council.wsgi.application"

# No DATABASE_URL: an SQLite file for trying it out. Production and tests: PostgreSQL.
if not os.environ.get("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short: PostgreSQL's JIT compiler costs more than it saves
    # (measured on the person page at full size: −42 % with jit off).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# The cache holds the pages and PDF locations of published protocols (minutes/frozen_copies.py)
# and, with Redis, the sessions. Several app servers share one Redis (REDIS_URL); without
# it, the processes of one machine share a folder, and `make run` keeps it in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratsprotokoll",
        }
    }
    # Sessions stay in the database (they survive a Redis restart), read through the cache.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }
# Login throttling (django-axes, to come) keeps its counters in the database by default,
# or in this cache (AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"): both are shared
# by every app server.

# Work that need not hold up a request (notification emails, preparing a published
# protocol's copies) runs as a task. "database": queued in PostgreSQL and run by
# `manage.py db_worker` (django-tasks-db); "immediate": at once, in the request — the
# default while DEBUG is on (`make run`, tests).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if DEBUG else "database")
if TASK_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASK_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASK_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one login — at the
# login form or when signing, they count together — that login is locked for
# AXES_COOLOFF_MINUTES; an administrator unlocks earlier (README, “Locked out”). The
# counters live in the database, which every app server shares; with a shared cache
# (Redis) AXES_HANDLER=axes.handlers.cache.AxesCacheHandler keeps them there instead.
AXES_HANDLER = os.environ.get("AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Per login, wherever the guesses come from; “username,ip_address” also locks an address.
AXES_LOCKOUT_PARAMETERS = env_list("AXES_LOCKOUT_PARAMETERS", "username")
# axes.W006 warns that this leaves out the address; on purpose: a city's offices reach the
# site through few addresses, and locking one would lock out every colleague behind it.
if "ip_address" not in AXES_LOCKOUT_PARAMETERS:
    SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "council.security.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "code"]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this site —
# no inline script or style, no other host (the app works offline, everything is vendored).
# Bootstrap's CSS draws its form controls' icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): none of the browser's powerful features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Two factors for signing (django-otp): authenticator apps (TOTP) and recovery codes.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Ratsprotokoll")
# Not even a superuser reads a signer's secret key (or its QR code) in the admin: whoever
# had it could sign in that person's name. An administrator only removes a lost device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "minutes:home"
LOGOUT_REDIRECT_URL = "minutes:home"

# Internationalisation: English source strings, German UI by default.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
FORMAT_MODULE_PATH = ["council.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded figures and attachments. Never served from a public location: the app serves
# each file after checking who may see the protocol it belongs to (minutes/portal/files.py).
# With MEDIA_ACCEL_REDIRECT set (e.g. "/_media/"), the app only checks and the proxy sends
# the file from an `internal` location aliased to MEDIA_ROOT (nginx; README).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
# Limits of an uploaded figure or attachment (minutes/files.py); the proxy's body limit
# (nginx: client_max_body_size) should be a little above UPLOAD_MAX_MB.
UPLOAD_MAX_BYTES = int(float(os.environ.get("UPLOAD_MAX_MB", "20")) * 1024 * 1024)
UPLOAD_MAX_PIXELS = int(float(os.environ.get("UPLOAD_MAX_MEGAPIXELS", "25")) * 1_000_000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Signed protocols' PDFs as files named by their checksum, made from the database on
# first use (minutes/frozen_copies.py). With PROTOCOL_FILES_ACCEL_REDIRECT set (e.g.
# "/_protocol-files/"), the app only checks access and the proxy sends the file (nginx:
# an `internal` location aliased to PROTOCOL_FILES_ROOT; README).
PROTOCOL_FILES_ROOT = Path(os.environ.get("PROTOCOL_FILES_ROOT", BASE_DIR / "var" / "protocol-files"))
PROTOCOL_FILES_ACCEL_REDIRECT = os.environ.get("PROTOCOL_FILES_ACCEL_REDIRECT", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ratsprotokoll@localhost")
# SMTP, when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Links in notification emails: the address the app is reached at.
# Open data (OParl 1.1, /oparl/v1.1/): the city whose councils publish here, and its licence.
OPARL_SYSTEM_NAME = os.environ.get("OPARL_SYSTEM_NAME", "Ratsprotokoll")
OPARL_BODY_NAME = os.environ.get("OPARL_BODY_NAME", "Stadt (Demo)")
OPARL_BODY_SHORT_NAME = os.environ.get("OPARL_BODY_SHORT_NAME", "")
OPARL_BODY_AGS = os.environ.get("OPARL_BODY_AGS", "")
OPARL_BODY_CLASSIFICATION = os.environ.get("OPARL_BODY_CLASSIFICATION", "Stadt")
OPARL_CONTACT_EMAIL = os.environ.get("OPARL_CONTACT_EMAIL", "")
OPARL_LICENSE = os.environ.get("OPARL_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
OPARL_PAGE_SIZE = int(os.environ.get("OPARL_PAGE_SIZE", "100"))
# Importing from another OParl endpoint: seconds to wait for an answer, and the most objects.
OPARL_IMPORT_TIMEOUT = int(os.environ.get("OPARL_IMPORT_TIMEOUT", "30"))

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Optional PAdES signature of frozen protocols (minutes/seal.py): a PKCS#12 file and its passphrase.
SIGNING_CERT_P12 = os.environ.get("SIGNING_CERT_P12", "")
SIGNING_CERT_PASSPHRASE = os.environ.get("SIGNING_CERT_PASSPHRASE", "")
# Verification trusts only these certificates (PEM files, separated by ":"), never the one in
# a PDF: the signing certificate(s), earlier ones after a key rotation, the TSA's CA.
SIGNING_TRUSTED_CERTS = [path for path in os.environ.get("SIGNING_TRUSTED_CERTS", "").split(":") if path]
# RFC 3161 timestamp authority: with it every signature carries a timestamp (PAdES B-T).
SIGNING_TSA_URL = os.environ.get("SIGNING_TSA_URL", "")
# Largest PDF the public "Protokoll prüfen" page accepts.
RECORD_CHECK_MAX_BYTES = int(os.environ.get("RECORD_CHECK_MAX_BYTES", 20 * 1024 * 1024))

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": "council.log_filters.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # django-axes: failures and lockouts (WARNING), not every login (INFO).
        "axes": {"level": "WARNING"},
        # A 403 (or 404) is one line; Django would attach the PermissionDenied's traceback.
        "django.request": {"filters": ["refusals_in_one_line"]},
    },
}
