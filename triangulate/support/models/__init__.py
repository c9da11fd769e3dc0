"""Support and voice: the services directory, referrals to support (and, to come, feedback,
complaints and whistleblowing)."""

from .directory import Harm, ServiceKind, SupportService  # noqa: F401
from .referrals import (  # noqa: F401
    CONSENT_NEEDS_REASON,
    STILL_WAITING,
    Referral,
    ReferralConsent,
    ReferralStatus,
    ReferredAs,
)
