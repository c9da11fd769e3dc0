"""The front door's writes and audited reads: raising, triaging, matching and deciding.

Each module holds one part of the work; the names other apps, the views and the tests use
are gathered here:

- ``intake``: the hub, references, a concern's child and concern details, raising one;
- ``public``: reports from the public and councillors, and their status check;
- ``clocks``: when a decision is due, and the most urgent first;
- ``contacts``: the hub's queue, the contacts asked of an agency or raised by a referrer,
  opening a contact;
- ``contributions``: partner agencies asked what they know, and their answers;
- ``linking``: matching a contact to the register, linking it or adding the child;
- ``need_levels``: the continuum of need;
- ``decisions``: recording, agreeing and amending the decision;
- ``strategy``: the strategy meeting a decision sets up.
"""

from .contacts import (
    contact_open,
    contacts_raised_by,
    contributions_requested,
    recently_decided,
    triage_queue,
)
from .contributions import (
    ConsentNotGiven,
    agencies_asked,
    agencies_to_ask,
    contribution_add,
    contributions_for,
    contributions_request,
    own_matches,
)
from .decisions import (
    AlreadyDecided,
    CannotAgree,
    DecisionNeedsChild,
    InconsistentDecision,
    amendments_for,
    decision_agree,
    decision_amend,
    decision_for,
    decision_record,
    may_agree,
)
from .intake import ChildDetails, ConcernDetails, NoFrontDoor, contact_raise, new_reference
from .linking import (
    LikelyHeldElsewhere,
    contact_create_person,
    contact_link_person,
    contact_matches,
)
from .need_levels import (
    NeedLevelInvalid,
    need_level_create,
    need_level_open,
    need_level_update,
    need_levels,
    need_levels_kept,
)
from .public import contact_report_public, public_status
from .strategy import strategy_invited

__all__ = [
    "AlreadyDecided",
    "CannotAgree",
    "ChildDetails",
    "ConcernDetails",
    "ConsentNotGiven",
    "DecisionNeedsChild",
    "InconsistentDecision",
    "LikelyHeldElsewhere",
    "NeedLevelInvalid",
    "NoFrontDoor",
    "agencies_asked",
    "agencies_to_ask",
    "amendments_for",
    "contact_create_person",
    "contact_link_person",
    "contact_matches",
    "contact_open",
    "contact_raise",
    "contact_report_public",
    "contacts_raised_by",
    "contribution_add",
    "contributions_for",
    "contributions_request",
    "contributions_requested",
    "decision_agree",
    "decision_amend",
    "decision_for",
    "decision_record",
    "may_agree",
    "need_level_create",
    "need_level_open",
    "need_level_update",
    "need_levels",
    "need_levels_kept",
    "new_reference",
    "own_matches",
    "public_status",
    "recently_decided",
    "strategy_invited",
    "triage_queue",
]
