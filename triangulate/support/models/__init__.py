"""Support and voice: the services directory (and, with it, referrals, feedback, complaints)."""

from .directory import Harm, ServiceKind, SupportService  # noqa: F401
