"""Writes and computed reads for the partnership app. Every write is audited."""

from triangulate.core.refusals import Refused


class PartnershipError(Refused):
    """A request the partnership rules refuse; the message is shown to the user."""
