"""Local development and the demo borough: embedded SQLite under var/, demo sign-ins on."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-only-not-secret-triangulate-demo-key-0123456789"
DEMO_MODE = env_bool("DEMO_MODE", True)
SERVICE_OPERATOR = os.environ.get(
    "TRIANGULATE_OPERATOR", "Kingsmere Safeguarding Children Partnership"
)
