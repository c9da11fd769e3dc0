"""What the missing services refuse, with the messages shown to the user."""

from __future__ import annotations


class EpisodeInvalid(Exception):
    """``errors`` maps form fields to messages a user can act on."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
