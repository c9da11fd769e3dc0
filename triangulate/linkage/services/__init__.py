"""Writes and audited reads for linkage: imports, runs, review, merges."""

from .imports import (  # noqa: F401
    ExtractRejected,
    extract_delete,
    extract_import,
    extract_map_columns,
    extract_open,
    extract_upload,
    extracts_for,
    saved_mapping,
    suggested_mapping,
)
from .merges import (  # noqa: F401
    MergeRefused,
    merge_compare,
    merge_event_open,
    merge_history,
    person_merge,
    person_unmerge,
)
from .review import (  # noqa: F401
    PairReplaced,
    accept_outcome,
    group_decide,
    obvious_groups,
    pair_decide,
    pair_give_view,
    pair_open,
    pair_reopen,
    pair_views,
    require_view_right,
    review_queue,
)
from .runs import RunRefused, linkage_run, run_open, runs_fail_stale, runs_list  # noqa: F401
