"""Support and voice: the services directory, referrals to support, survivors' feedback and
"you said, we did", complaints and whistleblowing by ward."""

from .complaints import (  # noqa: F401
    Complaint,
    ComplaintCategory,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStage,
    SealedIdentity,
    Ward,
    WardMember,
)
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
