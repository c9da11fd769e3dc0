"""Settings for the test suite. DATABASE_URL selects PostgreSQL; SQLite in memory otherwise."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, PASSWORD_HASHERS

SECRET_KEY = "test-only-not-secret-key-for-the-suite-0123456789abcdef"  # noqa: S105
DEBUG = False
DEMO_MODE = True
ALLOWED_HOSTS = ["*"]
if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
# Argon2 stays the production hasher; tests hash quickly with MD5 except where a test
# asserts the Argon2 configuration itself.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite empties tables between browser tests; the append-only triggers would refuse.
# tests/core/test_audit.py installs them itself to check they work.
AUDIT_APPEND_ONLY_TRIGGERS = False
