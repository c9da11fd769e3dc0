"""Production: PostgreSQL, HTTPS, a real secret, debug off. Refuses to start otherwise."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    LOGGING,
    OIDC_ENABLED,
    OIDC_ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_RP_CLIENT_SECRET,
    VAR_DIR,
    env_bool,
    env_list,
)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("local-only", "test-only", "django-insecure")):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production.")
DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Triangulate is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Sign-in through the authority's identity provider, when configured: over HTTPS only, with
# the client's secret.
_OIDC_URLS = (
    OIDC_ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
)
if OIDC_ENABLED and not OIDC_RP_CLIENT_SECRET:
    raise ImproperlyConfigured("Set OIDC_RP_CLIENT_SECRET for sign-in with OpenID Connect.")
if OIDC_ENABLED and any(url and not url.startswith("https://") for url in _OIDC_URLS):
    raise ImproperlyConfigured("OIDC_ISSUER and the OIDC_OP_ endpoints must be https:// URLs.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# One JSON object per log line unless the operator asks for text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT != "text" else "text"
LOGGING["loggers"] = {
    "triangulate.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")}
}
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(VAR_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
