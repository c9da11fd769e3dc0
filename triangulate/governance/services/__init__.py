"""Governance services: two-factor sign-in, information sharing (agreements, shares outside
any agreement, decisions not to share), break-glass, the retention schedule and subject
access requests (each a module or package of its own)."""

from .break_glass import (  # noqa: F401
    BREAK_GLASS_HOURS,
    BreakGlassRefused,
    break_glass,
    break_glass_counts,
    break_glass_for_review,
    break_glass_queue,
    break_glass_review,
    break_glass_target,
    live_break_glass_ids,
)
from .sharing import (  # noqa: F401
    agreement_covers,
    agreement_create,
    agreement_review,
    agreements_due_for_review,
    agreements_list,
    decision_counts,
    decision_not_to_share,
    decisions_not_to_share,
    live_agreement_for,
    share_approve,
    share_awaiting_approval,
    share_counts,
    shares_awaiting_approval,
)
from .two_factor import (  # noqa: F401
    AUTHENTICATOR,
    RECOVERY,
    RECOVERY_CODE_COUNT,
    AccountRow,
    Verified,
    WrongCode,
    demo_code,
    enrolment_confirm,
    enrolment_start,
    has_authenticator,
    pending_authenticator,
    recovery_codes_replace,
    second_step,
    two_factor_reset,
    users_for_administration,
)
