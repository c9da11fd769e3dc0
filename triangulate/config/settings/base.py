"""Settings shared by every environment. Environment variables only; no secrets here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "triangulate"
VAR_DIR = Path(os.environ.get("TRIANGULATE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# Demo sign-ins (the synthetic borough's users, listed on the sign-in page) are only ever
# offered in a local or demo configuration; production settings force this off.
DEMO_MODE = env_bool("DEMO_MODE", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prometheus",
    "django_tasks",
    "django_tasks_db",
    "triangulate.core",
    "triangulate.register",
    "triangulate.frontdoor",
    "triangulate.casework",
    "triangulate.meetings",
    "triangulate.risk",
    "triangulate.missing",
    "triangulate.intelligence",
    "triangulate.linkage",
    "triangulate.governance",
    "triangulate.performance",
    "triangulate.partnership",
    "triangulate.support",
    "triangulate.api",
    "triangulate.demo",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "triangulate.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "triangulate.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "triangulate.core.middleware.NoStoreForSignedInMiddleware",
    "triangulate.core.middleware.IdleTimeoutMiddleware",
    "triangulate.core.middleware.LoginRequiredMiddleware",
    "triangulate.core.middleware.VisibilityScopeMiddleware",
    "triangulate.governance.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "triangulate.config.urls"
WSGI_APPLICATION = "triangulate.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "triangulate.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "triangulate.core.context_processors.shell",
            ],
        },
    },
    {
        # Django's own template engine is kept only for framework pages we never show users.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'triangulate.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# A writer waits for another's transaction to end (up to 20 s) rather than failing; readers
# never wait (WAL). Background threads (imports, linkage runs) write while pages are served.
SQLITE_OPTIONS = {
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["triangulate.core.auth.LockoutModelBackend"]
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:sign_in"

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

# Sign-in slowing (core.auth): after LOCKOUT_FAILURE_LIMIT failures for one username from one
# client address within the window, or SIGN_IN_CLIENT_FAILURE_LIMIT failures from one client
# for any usernames, that client waits before trying again: LOCKOUT_FIRST_DELAY_SECONDS,
# doubling with each further failure up to LOCKOUT_MAX_DELAY_MINUTES. No account is ever
# locked for everyone, and the answer never says whether a username exists.
LOCKOUT_FAILURE_LIMIT = int(os.environ.get("LOCKOUT_FAILURE_LIMIT", "5"))
LOCKOUT_WINDOW_MINUTES = int(os.environ.get("LOCKOUT_WINDOW_MINUTES", "15"))
LOCKOUT_FIRST_DELAY_SECONDS = int(os.environ.get("LOCKOUT_FIRST_DELAY_SECONDS", "30"))
LOCKOUT_MAX_DELAY_MINUTES = int(os.environ.get("LOCKOUT_MAX_DELAY_MINUTES", "15"))
SIGN_IN_CLIENT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_CLIENT_FAILURE_LIMIT", "20"))

# The shared cache holding rate limits and sign-in counts for every web process: the
# database cache by default (its table is made by migrate). A per-process memory cache
# would multiply every limit by the number of processes; another shared cache (for
# example Redis) may be set here instead.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "triangulate_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# The client's address: the connecting address unless the installation sits behind a
# reverse proxy that sets CLIENT_ADDRESS_HEADER (for example X-Forwarded-For) and whose
# addresses or networks are listed in TRUSTED_PROXIES; see core.ratelimit. Off by default:
# a header the client can write itself is never trusted.
CLIENT_ADDRESS_HEADER = os.environ.get("CLIENT_ADDRESS_HEADER", "")
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# Idle session timeout: a signed-in user who does nothing for this long is signed out.
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "triangulate.core.views.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Outside production, WhiteNoise serves files straight from the static folders (no
# collectstatic step); production collects them into STATIC_ROOT.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# GOV.UK Frontend's compiled stylesheet refers to /assets/fonts and /assets/images.
WHITENOISE_ROOT = PACKAGE_DIR / "static" / "vendor" / "govuk"
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Documents attached to a child's record or a case (core.filecheck, core.virusscan): the
# largest file accepted, and clamd's socket (a path, or tcp://host:port) when files are to
# be scanned for viruses; without one, uploads record that they were not scanned.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_TIMEOUT_SECONDS = float(os.environ.get("CLAMD_TIMEOUT_SECONDS", "30"))

SERVICE_NAME = "Triangulate"
# The organisation running this installation, shown in the page header.
SERVICE_OPERATOR = os.environ.get("TRIANGULATE_OPERATOR", "Safeguarding partnership")
PHASE = os.environ.get("TRIANGULATE_PHASE", "Beta")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs go to standard error, one line each, with the request id; LOG_FORMAT=json (the default
# in production) writes each line as a JSON object for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "triangulate.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "triangulate.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in ("text", "json") else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Prometheus metrics at /metrics, only for a scraper sending this as a bearer token; with no
# token set the page does not exist. With several server processes, set
# PROMETHEUS_MULTIPROC_DIR to a shared empty folder so the figures add up across them.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Background work (core.background): tasks queued in the database and run by
# `manage.py worker`. A task still marked running whose worker has not been heard from for
# this many seconds is marked failed with a reason.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_DEAD_AFTER_SECONDS = int(os.environ.get("WORKER_DEAD_AFTER_SECONDS", "60"))

# A linkage run still running after this long is taken to have stopped (its server
# restarted) and is marked failed, so that it does not block the next run. Keep it above
# the longest run you expect.
LINKAGE_RUN_STALE_MINUTES = int(os.environ.get("LINKAGE_RUN_STALE_MINUTES", "60"))

# Spreadsheet imports (core.spreadsheets): a file is refused, before it is read to the end,
# once it declares or turns out to hold more rows than this, or takes longer than this many
# seconds to read. Agency extracts for linkage have their own, higher, row limit.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_SECONDS = float(os.environ.get("IMPORT_SECONDS", "20"))
LINKAGE_IMPORT_MAX_ROWS = int(os.environ.get("LINKAGE_IMPORT_MAX_ROWS", "500000"))

# Two-factor sign-in (governance, ADR 0012): every signed-in user passes a second step (a
# code from an authenticator app, or a recovery code) before any page but sign-out and the
# second step itself. Only a deployment that signs in through its own identity provider
# with its own second factor may turn this off.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Triangulate")

# OpenID Connect sign-in through the authority's identity provider (governance.oidc, ADR
# 0026): off unless a client id and the provider (its issuer, for discovery, or its four
# endpoints) are set. It signs in only people who already have an active, unexpired account
# with the email address the provider gives (or linked to the provider's subject before);
# it never makes accounts or grants roles. The provider's sign-in counts as the second
# factor only when it asserts one through an `amr` value in OIDC_MFA_AMR or an `acr` value
# in OIDC_MFA_ACR; otherwise the authenticator app's code is still asked for.
OIDC_AUTHORITY_NAME = os.environ.get("OIDC_AUTHORITY_NAME", "your organisation")
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_ALLOWED_EMAIL_DOMAINS = [d.lower() for d in env_list("OIDC_ALLOWED_EMAIL_DOMAINS")]
OIDC_REQUIRED_CLAIM = os.environ.get("OIDC_REQUIRED_CLAIM", "")
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR")
OIDC_MFA_ACR = env_list("OIDC_MFA_ACR")
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and (OIDC_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT))
# What mozilla-django-oidc reads: the code flow with PKCE and a nonce, no accounts made.
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "governance:oidc_callback"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "triangulate.governance.oidc.Backend"]
