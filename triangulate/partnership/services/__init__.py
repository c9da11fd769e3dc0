"""Writes and computed reads for the partnership app. Every write is audited."""


class PartnershipError(Exception):
    """A request the partnership rules refuse; the message is shown to the user."""
