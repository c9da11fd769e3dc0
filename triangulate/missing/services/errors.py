"""What the missing services refuse, with the messages shown to the user."""

from __future__ import annotations

from triangulate.core.refusals import Refused


class EpisodeInvalid(Refused):
    """``errors`` maps form fields to messages a user can act on."""
