"""Support and voice: the services directory, referrals to support, survivors' feedback and
"you said, we did" (and, to come, complaints and whistleblowing)."""

from .directory import Harm, ServiceKind, SupportService  # noqa: F401
from .referrals import (  # noqa: F401
    CONSENT_NEEDS_REASON,
    STILL_WAITING,
    Referral,
    ReferralConsent,
    ReferralStatus,
    ReferredAs,
)
from .voice import (  # noqa: F401
    Feedback,
    FeedbackFrom,
    FeedbackRoute,
    Helped,
    Listened,
    Theme,
    YouSaidWeDid,
)
