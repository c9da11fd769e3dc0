"""What the risk services refuse, with the messages shown to the user."""

from __future__ import annotations


class AssessmentLocked(Exception):
    """A finalised assessment cannot be edited; start a new one to supersede it."""


class AssessmentInvalid(Exception):
    """The assessment cannot be finalised; ``errors`` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
