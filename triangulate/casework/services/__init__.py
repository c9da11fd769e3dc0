"""Writes and audited reads for casework: cases (open, close, reopen), allocation against
capacity and transfer, tasks; attachments, case notes, the chronology, closure sign-off,
oversight, strategy discussions and teams are modules of their own, called by name."""

from .allocation import (  # noqa: F401
    HANDOVER_WORKING_DAYS,
    CaseloadRow,
    OverCapacity,
    TransferInvalid,
    TransferNeeded,
    case_allocate,
    case_transfer,
    caseloads,
    open_caseload,
    teams_for,
)
from .cases import (  # noqa: F401
    CASE_OUTCOMES,
    CannotOpen,
    CaseAlreadyOpen,
    case_close,
    case_events,
    case_open,
    case_open_for,
    case_reopen,
    cases_list,
    contact_for_case,
)
from .tasks import (  # noqa: F401
    case_tasks,
    possible_task_owners,
    task_add,
    task_complete,
    task_get,
)
