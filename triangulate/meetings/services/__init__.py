"""Writes and audited reads for meetings: agendas built from the records, the chair's changes,
what each agency at the table reads, minutes and decisions, and actions."""

from .actions import (  # noqa: F401
    OWNER_SHARE_PURPOSE,
    action_add,
    action_complete,
    action_open,
    actions_for_meeting,
    may_complete,
    open_actions_for_owner,
    overdue_actions_before,
    owners,
)
from .agenda import (  # noqa: F401
    ItemHasRecord,
    SubjectRefused,
    item_add,
    item_move,
    item_remove,
    subject_add,
)
from .minutes import (  # noqa: F401
    AlreadyShared,
    closing_gaps,
    item_decide,
    item_share,
    minutes_close,
    minutes_export,
    sharing_agencies,
)
from .reading import agenda, agenda_entries, item_open, items_shown, may_read_item  # noqa: F401
from .scheduling import (  # noqa: F401
    MeetingClosed,
    agencies,
    attendance,
    attendance_add,
    child_choices,
    meeting_create,
    meeting_invite,
    meeting_open,
    meetings_list,
)
