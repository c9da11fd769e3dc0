"""Writes and computed reads for the partnership app. Every write is audited."""


class StaleEdit(Exception):
    """Someone else saved this record after you opened it; nothing was overwritten."""


class PartnershipError(Exception):
    """A request the partnership rules refuse; the message is shown to the user."""
