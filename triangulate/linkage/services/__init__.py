"""Writes and audited reads for linkage: extract files and their import, runs (what they
read and what they write), the review queue, decisions and the owning agencies' views on
pairs, merges."""

from .agency_views import pair_give_view, pair_views, require_view_right  # noqa: F401
from .decisions import (  # noqa: F401
    accept_outcome,
    group_decide,
    obvious_groups,
    pair_decide,
    pair_reopen,
)
from .extract_files import ExtractRejected, saved_mapping, suggested_mapping  # noqa: F401
from .imports import (  # noqa: F401
    extract_delete,
    extract_import,
    extract_map_columns,
    extract_open,
    extract_upload,
    extracts_for,
)
from .merges import (  # noqa: F401
    MergeRefused,
    merge_compare,
    merge_event_open,
    merge_history,
    person_merge,
    person_unmerge,
)
from .review import PairReplaced, pair_open, review_queue  # noqa: F401
from .runs import RunRefused, linkage_run, run_open, runs_fail_stale, runs_list  # noqa: F401
