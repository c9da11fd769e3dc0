"""Support and voice: the rules, in one place per record. Views call these; nothing else
writes the app's records."""

from triangulate.core.concurrency import StaleEdit  # noqa: F401
from triangulate.core.refusals import Refused


class Invalid(Refused):
    """Input that breaks a rule; ``errors`` maps field names to GOV.UK error messages."""
