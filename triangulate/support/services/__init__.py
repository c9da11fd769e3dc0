"""Support and voice: the rules, in one place per record. Views call these; nothing else
writes the app's records."""

from triangulate.core.concurrency import StaleEdit  # noqa: F401


class Invalid(Exception):
    """Input that breaks a rule; ``errors`` maps field names to GOV.UK error messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
