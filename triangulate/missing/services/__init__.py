"""Writes and audited reads for missing episodes, return home interviews, hand-offs to the
police and Philomena profiles. Events are published for other apps (risk reviews, meeting
agendas, intelligence)."""

from .episodes import (  # noqa: F401
    current_policy,
    episode_end,
    episode_may_change,
    episode_open,
    episode_record,
    episodes_for,
    open_episodes,
    police_risk_change,
    recent_episodes,
    repeat_missing,
    risk_changes,
)
from .errors import EpisodeInvalid  # noqa: F401
from .interviews import (  # noqa: F401
    OPEN_INTERVIEW,
    interview_clock,
    interview_for,
    interview_open,
    interview_overdue,
    interview_record,
    interviews_outstanding,
    interviews_with_findings,
)
from .police import (  # noqa: F401
    POLICE_SHARE_PURPOSE,
    police_share_targets,
    police_task_done,
    police_task_open,
    police_tasks_for,
    police_tasks_waiting,
)
from .profiles import profile_current, profile_photo, profile_release, profile_save  # noqa: F401
