"""Writes and audited reads for risk: tools, assessments and their sign-off, each child's
status and reviews due, sharing and contributions, safety plans and their actions."""

from .actions import (  # noqa: F401
    PARTNER_ACTION_PURPOSE,
    action_owners,
    casework_users,
    may_name_action_owner,
    may_update_action,
    open_actions_for_owner,
    overdue_plan_actions,
    plan_action_add,
    plan_action_name_owner,
    plan_action_open,
    plan_action_update,
    plan_actions,
    responsible_agencies,
)
from .assessments import (  # noqa: F401
    assessment_open,
    assessment_save,
    assessment_start,
    assessments_for,
    draft_for,
    latest_final,
    latest_review_date,
)
from .errors import AssessmentInvalid, AssessmentLocked  # noqa: F401
from .plans import (  # noqa: F401
    plan_create,
    plan_for,
    plan_open,
    plan_support,
    plan_update_views,
    support_record,
)
from .sharing import (  # noqa: F401
    agencies,
    assessment_share,
    assessment_shares,
    contribution_create,
    contributions_for,
    may_share_assessment,
)
from .sign_off import (  # noqa: F401
    assessment_return,
    assessment_sign_off,
    assessments_awaiting_sign_off,
    assessments_returned_to,
    may_sign_off,
    sign_offs_waiting,
)
from .statuses import (  # noqa: F401
    RiskStatus,
    latest_finals,
    reviews_due,
    risk_status,
    risk_statuses,
    statuses_of,
)
from .tools import current_tool, tool_publish, tool_versions  # noqa: F401
