"""Writes and audited reads for intelligence, persons of concern, places and disruption.

Every function is keyword-only and transactional; reads go through ``core.access`` and
``core.records``; every write checks who may change what it changes. One module a subject:

- ``common``: ``Invalid``, the date check, who counts as police, sharing with a partner
- ``items``: submitting and grading intelligence, and reading the log
- ``sanitised``: sanitised versions shared with a partner agency
- ``links``: links between intelligence, children, persons of concern, places, vehicles,
  phones and groups, and the audit of a view of the network
- ``places``: places, their sharing, and hotspots by postcode district
- ``licensing``: referrals of a place to the licensing authority
- ``concerns``: persons of concern, their status history and prioritisation
- ``disruption``: tactics, their outcomes and breaches, and the board's figures
- ``nrm``: referrals to the National Referral Mechanism and their decisions
- ``tasks``: intelligence tasked to an analyst
- ``groups``: peer groups and contexts, their members, places and assessments
- ``profiles``: problem profiles; ``profile_records`` reads and ``profile_figures`` counts
  what their figures hold

The names other modules call as ``services.<name>`` are gathered here.
"""

from .common import Invalid, is_police, partner_agencies, police_forces  # noqa: F401
from .concerns import (  # noqa: F401
    concern_create,
    concern_history,
    concern_open,
    concern_status,
    concerns_prioritised,
    current_criteria,
)
from .disruption import (  # noqa: F401
    disruption_figures,
    notice_eligibility,
    tactic_add,
    tactic_open,
    tactic_types,
    tactic_update,
    tactics_of,
)
from .groups import (  # noqa: F401
    context_assess,
    group_assessments,
    group_change,
    group_create,
    group_members,
    group_open,
    group_place_add,
    group_places,
    group_share,
    group_shared_with,
    groups_visible,
    member_add,
    member_remove,
)
from .items import item_grade, item_open, item_submit, items_about, items_visible  # noqa: F401
from .licensing import (  # noqa: F401
    licensing_open,
    licensing_outcome,
    licensing_refer,
    licensing_referrals_of,
)
from .links import concern_link, item_link, item_links, links_of, network_audit  # noqa: F401
from .nrm import nrm_decide, nrm_open, nrm_refer, nrm_referrals  # noqa: F401
from .places import (  # noqa: F401
    hotspots,
    place_create,
    place_open,
    place_share,
    place_shared_with,
    places_visible,
)
from .profiles import (  # noqa: F401
    PROFILE_SECTIONS,
    profile_create,
    profile_download,
    profile_edition,
    profile_open,
    profile_ranked,
    profile_recompute,
    profile_release,
    profile_released_to,
    profile_sections,
    profile_write,
    profiles_visible,
)
from .sanitised import sanitised_open, sanitised_visible, sanitised_write  # noqa: F401
from .tasks import (  # noqa: F401
    analysts_of,
    task_complete,
    task_create,
    task_open,
    tasks_of,
    tasks_open_for,
)
