"""What the risk services refuse, with the messages shown to the user."""

from __future__ import annotations

from triangulate.core.refusals import Refused


class AssessmentLocked(Exception):
    """A finalised assessment cannot be edited; start a new one to supersede it."""


class AssessmentInvalid(Refused):
    """The assessment cannot be finalised; ``errors`` maps form fields to messages."""
